/** A client of svc-connect's own API ({@code SvcConnect_20261201}): keys and join tokens. */
package dev.svcconnect.provider.api;
