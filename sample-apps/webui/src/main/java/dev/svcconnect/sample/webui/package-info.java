/**
 * The sample's web page: lists items and adds them through appserver over gRPC.
 *
 * <p>Starting points: {@link dev.svcconnect.sample.webui.WebUiMain} (the program),
 * {@link dev.svcconnect.sample.webui.WebUiSettings} (its environment variables),
 * {@link dev.svcconnect.sample.webui.WebUi} (start and graceful stop) and
 * {@link dev.svcconnect.sample.webui.Routes} (what each path answers). The HTML is in
 * {@link dev.svcconnect.sample.webui.page}.
 */
package dev.svcconnect.sample.webui;
