/**
 * Who may call what: access keys with a {@link dev.svcconnect.controlplane.auth.Role} (admin,
 * reader, agent, proxy) kept in the store with their secrets sealed by the data key
 * ({@link dev.svcconnect.controlplane.auth.Credentials}), SigV4 verification of the AWS JSON APIs
 * ({@link dev.svcconnect.controlplane.auth.SigV4Verifier}, {@link dev.svcconnect.controlplane.auth.Authenticator}),
 * bearer keys on the watch routes, join tokens, the bootstrap admin key in
 * {@code DATA/admin-credentials} ({@link dev.svcconnect.controlplane.auth.Bootstrap}), svc-connect's
 * own API for keys and tokens ({@link dev.svcconnect.controlplane.auth.CredentialsApi}) and the
 * audit log ({@link dev.svcconnect.controlplane.auth.AuditLog}). The watch routes' scopes are in
 * {@code dev.svcconnect.controlplane.watch.WatchAccess}.
 */
package dev.svcconnect.controlplane.auth;
