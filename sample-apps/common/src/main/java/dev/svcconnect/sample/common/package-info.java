/**
 * What the sample services share.
 *
 * <p>Starting points: {@link dev.svcconnect.sample.common.Env} (settings from environment
 * variables, each checked with a message naming the variable, the value and what is allowed),
 * {@link dev.svcconnect.sample.common.TaskIdentity} (which task is answering),
 * {@link dev.svcconnect.sample.common.LocalHost} (reaching a service by its bind address) and
 * {@link dev.svcconnect.sample.common.Lifecycle} (one log line per lifecycle event, exit 2 on bad
 * settings, the {@code health} command).
 */
package dev.svcconnect.sample.common;
