/**
 * How appserver keeps items in the db: {@link dev.svcconnect.sample.appserver.store.ItemStore}
 * (the SQL), {@link dev.svcconnect.sample.appserver.store.ConnectionPool} (reused JDBC
 * connections, broken ones dropped) and {@link dev.svcconnect.sample.appserver.store.DatabaseConnector}
 * (connects and creates the table, retrying with backoff while the db is not up yet).
 */
package dev.svcconnect.sample.appserver.store;
