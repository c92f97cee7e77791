/**
 * Log shipping, like the awslogs driver: a {@link dev.svcconnect.agent.logs.LogShipper} per task
 * sends the new lines of its containers' and proxy's log files to the control plane, each
 * {@link dev.svcconnect.agent.logs.LogFile} remembering how far it was shipped.
 */
package dev.svcconnect.agent.logs;
