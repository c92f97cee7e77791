/**
 * The admin port: {@link dev.svcconnect.proxy.admin.AdminServer} serves readiness, state, metrics
 * and draining for the {@link dev.svcconnect.proxy.admin.AdminActions} of the running proxy.
 */
package dev.svcconnect.proxy.admin;
