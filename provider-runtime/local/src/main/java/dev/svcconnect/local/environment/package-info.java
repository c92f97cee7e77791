/**
 * The local environment that {@code svc-connect deploy} runs against: a control plane started in
 * the background on first use, with its state and logs under {@code .svc-connect/}, found again on
 * the next run from its pid file. Start at {@link dev.svcconnect.local.environment.LocalEnvironment}.
 */
package dev.svcconnect.local.environment;
