/**
 * The sample database: H2 in TCP server mode, speaking H2's own protocol to JDBC clients.
 *
 * <p>Starting points: {@link dev.svcconnect.sample.db.DbMain} (the program),
 * {@link dev.svcconnect.sample.db.DbSettings} (its environment variables) and
 * {@link dev.svcconnect.sample.db.DbServer} (start and graceful stop).
 */
package dev.svcconnect.sample.db;
