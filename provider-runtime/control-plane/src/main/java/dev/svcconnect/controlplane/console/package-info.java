/**
 * The web console at {@code /console}: the JSON of {@link dev.svcconnect.controlplane.console.ConsoleApi},
 * a service's live traffic as server-sent events ({@link dev.svcconnect.controlplane.console.TrafficEvents})
 * and the pages themselves, plain HTML, CSS and JavaScript under {@code console/assets/} on the
 * classpath ({@link dev.svcconnect.controlplane.console.StaticAssets}). Its routes are listed in
 * {@code dev.svcconnect.controlplane.server.ConsoleRoutes}. Its answers
 * are records ({@code ServiceSummary}, {@code TaskRow}, {@code TrafficPoint}, {@code TopologyAnswer})
 * computed from the stored documents.
 */
package dev.svcconnect.controlplane.console;
