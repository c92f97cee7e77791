/**
 * What the engine applied, kept durably in the control plane's store through its
 * {@code /local/v1/stacks} routes: {@link dev.svcconnect.local.state.StackState} records, read and
 * written by {@link dev.svcconnect.local.state.StackStore}.
 */
package dev.svcconnect.local.state;
