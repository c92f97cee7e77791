/**
 * The control plane's watch API as records (see {@code docs/watch-api.md}), used by both sides:
 * the envelope of every watch ({@link dev.svcconnect.model.watch.WatchResult}); a host's
 * {@link dev.svcconnect.model.watch.HostRegistration} and its
 * {@link dev.svcconnect.model.watch.HostRegistered} answer; what a host runs
 * ({@link dev.svcconnect.model.watch.TaskAssignments}, each a
 * {@link dev.svcconnect.model.watch.TaskAssignment} of an
 * {@link dev.svcconnect.model.watch.AssignedTask}); and what it reports of a task
 * ({@link dev.svcconnect.model.watch.TaskReport}). Each has a {@code validate()} whose errors name
 * the field path, the value and what is allowed; {@link dev.svcconnect.model.watch.WireJson} reads
 * them with errors that name the field. Readers ignore fields they do not know, so either side
 * may be newer.
 */
package dev.svcconnect.model.watch;
