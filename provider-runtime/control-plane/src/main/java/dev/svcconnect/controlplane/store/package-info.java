/**
 * The durable store: an SQLite file under the data directory, its schema migrated by Flyway.
 *
 * <p>Starting points: {@link dev.svcconnect.controlplane.store.Store} (open, read, write, commit
 * listeners) and {@link dev.svcconnect.controlplane.store.Table} (one per resource kind). Every
 * write is committed with {@code synchronous=FULL} before it returns, and bumps the store's
 * revision, which the watch API uses.
 */
package dev.svcconnect.controlplane.store;
