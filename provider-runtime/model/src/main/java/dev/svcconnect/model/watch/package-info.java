/**
 * The envelope of the control plane's watch API (see {@code docs/watch-api.md}):
 * {@link dev.svcconnect.model.watch.WatchResult}.
 */
package dev.svcconnect.model.watch;
