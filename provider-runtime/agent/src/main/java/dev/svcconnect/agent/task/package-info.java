/**
 * A task's life on a host: {@link dev.svcconnect.agent.task.TaskRunner} opens its network, starts
 * its processes through {@code TaskProcesses} (the sidecar proxy, then the containers' commands),
 * reports the task's state (a {@link dev.svcconnect.model.watch.TaskReport}, through a
 * {@link dev.svcconnect.agent.task.ControlPlaneLink}) and waits for health; {@code StopSequence} stops it (deregistration and
 * its delay, drain, SIGTERM, stop timeout, SIGKILL, the STOPPED report);
 * {@link dev.svcconnect.agent.task.TaskFiles} says where its logs are. After an agent restart,
 * {@link dev.svcconnect.agent.task.PreviousTasks} takes over the recorded tasks that
 * {@link dev.svcconnect.agent.task.Adoption} accepts and cleans the rest through
 * {@link dev.svcconnect.agent.task.Leftovers}.
 */
package dev.svcconnect.agent.task;
