/**
 * The host: {@link dev.svcconnect.agent.host.HostAgent} registers with the control plane's watch
 * API, sends heartbeats, follows its task assignments and runs each task; configured by
 * {@link dev.svcconnect.agent.host.AgentConfig}.
 */
package dev.svcconnect.agent.host;
