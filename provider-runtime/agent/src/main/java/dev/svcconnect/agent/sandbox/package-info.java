/**
 * What keeps a task's containers from taking the host: {@link dev.svcconnect.agent.sandbox.Sandbox}
 * (the user a container runs as, its own PID and mount namespaces, a clean environment) and
 * {@link dev.svcconnect.agent.sandbox.TaskCgroup} (cgroup v2 CPU and memory limits from the task
 * definition, {@link dev.svcconnect.agent.sandbox.TaskLimits}).
 */
package dev.svcconnect.agent.sandbox;
