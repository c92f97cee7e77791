/**
 * Retries: the {@link dev.svcconnect.proxy.retry.RetryPolicy} says what may be retried, the
 * {@link dev.svcconnect.proxy.retry.RetryBudget} how many retries may run at once.
 */
package dev.svcconnect.proxy.retry;
