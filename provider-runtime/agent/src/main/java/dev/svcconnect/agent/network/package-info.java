/**
 * A task's network: {@link dev.svcconnect.agent.network.Isolation#netns} (a network namespace
 * per task on a bridge, as root) or {@link dev.svcconnect.agent.network.Isolation#loopback} (a
 * 127.x.y.z address per task); each hands out {@link dev.svcconnect.agent.network.TaskNetwork}s.
 */
package dev.svcconnect.agent.network;
