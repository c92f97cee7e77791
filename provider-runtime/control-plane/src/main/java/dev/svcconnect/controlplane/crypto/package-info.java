/**
 * Encryption at rest of what the control plane must be able to read back but must not keep in
 * the clear: secret access keys (a SigV4 verifier recomputes the signature, so it needs the
 * secret, not a hash) and SecureString parameters.
 *
 * <p>Starting point: {@link dev.svcconnect.controlplane.crypto.DataKey}.
 */
package dev.svcconnect.controlplane.crypto;
