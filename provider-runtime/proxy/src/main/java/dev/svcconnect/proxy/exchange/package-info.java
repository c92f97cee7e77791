/**
 * What an HTTP request through the proxy goes through whatever its framing:
 * {@link dev.svcconnect.proxy.exchange.RequestLifecycle} picks an endpoint, counts attempts,
 * decides retries (within the retry policy and budget, on an endpoint not tried yet unless the
 * failure was not the endpoint's, see {@link dev.svcconnect.proxy.exchange.RetryCause}), keeps the
 * body for a replay, answers the local 502, 503 and 504, and settles the metrics, the outlier
 * detector and the least-request counts. The HTTP/1.1 and HTTP/2 exchanges extend it with their
 * own framing.
 */
package dev.svcconnect.proxy.exchange;
