/**
 * When a task is healthy: its containers' {@link dev.svcconnect.agent.health.HealthCheck}
 * commands pass or, without one, its port mappings accept connections.
 */
package dev.svcconnect.agent.health;
