/**
 * The host: {@link dev.svcconnect.agent.host.HostAgent} registers with the control plane's watch
 * API, sends heartbeats, follows its task assignments and runs each task; configured by
 * {@link dev.svcconnect.agent.host.AgentConfig}. What it sends and reads are the records of
 * {@code dev.svcconnect.model.watch} ({@code HostRegistration}, {@code HostRegistered},
 * {@code TaskAssignments}, {@code TaskReport}).
 */
package dev.svcconnect.agent.host;
