/**
 * The local engine's routes under {@code /local/v1/}: the durable record of the stacks that
 * {@code svc-connect deploy} applied, so that a deploy from a new shell sees what the last one did.
 * Start at {@link dev.svcconnect.controlplane.local.LocalStacksApi}.
 */
package dev.svcconnect.controlplane.local;
