/**
 * The durable store: the contract {@link dev.svcconnect.controlplane.store.Store} and its two
 * implementations, {@link dev.svcconnect.controlplane.store.SqliteStore} (a file under the data
 * directory, the default) and {@link dev.svcconnect.controlplane.store.PostgresStore} (a database
 * several replicas share, with {@link dev.svcconnect.controlplane.store.SchedulerLease} choosing
 * the one that schedules); each dialect's schema is migrated by Flyway ({@code db/migration},
 * {@code db/migration-postgresql}).
 *
 * <p>Starting points: {@link dev.svcconnect.controlplane.store.Store} (open, read, write, commit
 * listeners), {@link dev.svcconnect.controlplane.store.StoreLocation} ({@code --store}) and
 * {@link dev.svcconnect.controlplane.store.Table} (one per resource kind). Every write is durable
 * before it returns and bumps the store's revision, which the watch API uses.
 */
package dev.svcconnect.controlplane.store;
