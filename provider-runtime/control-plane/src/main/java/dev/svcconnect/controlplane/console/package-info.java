/**
 * The web console at {@code /console}: {@link dev.svcconnect.controlplane.console.ConsoleHandler}
 * routes the pages, the JSON of {@link dev.svcconnect.controlplane.console.ConsoleApi} and a
 * service's live traffic as server-sent events; the pages themselves are plain HTML, CSS and
 * JavaScript under {@code console/assets/} on the classpath. The answers are records ({@code
 * ServiceSummary}, {@code TaskRow}, {@code TrafficPoint}, {@code TopologyAnswer}) computed from the
 * stored documents.
 */
package dev.svcconnect.controlplane.console;
