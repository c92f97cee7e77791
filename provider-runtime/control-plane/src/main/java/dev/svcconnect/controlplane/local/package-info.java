/**
 * The local engine's stack records under {@code /local/v1/}: the durable record of the stacks that
 * {@code svc-connect deploy} applied, so that a deploy from a new shell sees what the last one did.
 * Start at {@link dev.svcconnect.controlplane.local.LocalStacksApi}; its routes are in the server's
 * route table ({@code dev.svcconnect.controlplane.server.LocalStackRoutes}).
 */
package dev.svcconnect.controlplane.local;
