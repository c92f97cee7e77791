/**
 * The Service Connect rules that the constructs (at synth time), the control plane (at the API)
 * and the proxy (at start) all apply: {@link dev.svcconnect.model.validation.ServiceConnectRules}.
 */
package dev.svcconnect.model.validation;
