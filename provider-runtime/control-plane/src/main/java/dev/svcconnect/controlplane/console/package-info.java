/**
 * The web console at {@code /console}: the JSON of {@link dev.svcconnect.controlplane.console.ConsoleApi},
 * a service's live traffic as server-sent events ({@link dev.svcconnect.controlplane.console.TrafficEvents})
 * and the pages themselves, plain HTML, CSS and JavaScript under {@code console/assets/} on the
 * classpath ({@link dev.svcconnect.controlplane.console.StaticAssets}). Its routes are listed in
 * {@code dev.svcconnect.controlplane.server.ConsoleRoutes}.
 */
package dev.svcconnect.controlplane.console;
