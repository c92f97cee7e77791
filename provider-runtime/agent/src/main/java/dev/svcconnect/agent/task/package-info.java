/**
 * A task's life on a host: {@link dev.svcconnect.agent.task.TaskRunner} starts the sidecar proxy,
 * then the containers' commands as processes, reports the task's state (a
 * {@link dev.svcconnect.model.watch.TaskReport}, through a {@link dev.svcconnect.agent.task.ControlPlaneLink}), and stops it (drain,
 * SIGTERM, stop timeout, SIGKILL); {@link dev.svcconnect.agent.task.TaskFiles} says where its
 * logs are.
 */
package dev.svcconnect.agent.task;
