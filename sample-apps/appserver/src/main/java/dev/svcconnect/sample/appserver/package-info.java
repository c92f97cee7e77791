/**
 * The sample's gRPC service: items stored in the db, with a greeting that shows which
 * configuration is running.
 *
 * <p>Starting points: {@link dev.svcconnect.sample.appserver.AppServerMain} (the program),
 * {@link dev.svcconnect.sample.appserver.AppServerSettings} (its environment variables) and
 * {@link dev.svcconnect.sample.appserver.AppServer} (start and graceful stop). Storage lives in
 * {@link dev.svcconnect.sample.appserver.store}.
 */
package dev.svcconnect.sample.appserver;
