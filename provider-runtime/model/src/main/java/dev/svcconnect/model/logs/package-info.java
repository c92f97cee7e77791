/**
 * What a host agent ships to the control plane about a task's output (see {@code docs/watch-api.md},
 * "Log lines"): a {@link dev.svcconnect.model.logs.TaskLogLines} of new lines per container and of
 * the task's sidecar proxy.
 */
package dev.svcconnect.model.logs;
