package dev.svcconnect.controlplane.watch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** What a watch route answers: one long-poll answer, or a stream of every change. */
public sealed interface WatchReply {

    /** A long-poll: one answer, now or at the next change or at the end of the wait. */
    record Poll(CompletableFuture<WatchAnswer> answer) implements WatchReply {
        public Poll {
            requireNonNull(answer, "answer");
        }
    }

    /**
     * A stream ({@code stream=true}): {@code subscribe} starts the hub's changes going to a
     * listener, until the handle it answers is closed.
     *
     * @param heartbeat how often an idle stream sends a heartbeat line
     * @param subscribe subscribes a listener
     */
    record Stream(Duration heartbeat, Function<WatchHub.Listener, AutoCloseable> subscribe) implements WatchReply {
        public Stream {
            requireNonNull(heartbeat, "heartbeat");
            requireNonNull(subscribe, "subscribe");
        }
    }
}
