/**
 * Tasks' log tails, shipped by host agents: {@link dev.svcconnect.controlplane.logs.LogIngest} takes
 * {@code POST /watch/v1/tasks/{taskId}/logs} and {@link dev.svcconnect.controlplane.logs.LogTails}
 * keeps, in memory and bounded, the last lines of each container and proxy for the console.
 */
package dev.svcconnect.controlplane.logs;
