package dev.svcconnect.proxy.http2;

import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * The exchanges on the streams of one HTTP/2 connection, by stream id: the map a client's or an
 * endpoint's connection handler keeps instead of a child channel per stream.
 */
final class StreamExchanges extends IntObjectHashMap<StreamExchange> {

    /** The connection closed: ends every exchange still on it (each may remove itself meanwhile), then forgets them. */
    void endAll(Consumer<StreamExchange> end) {
        for (StreamExchange exchange : new ArrayList<>(values())) {
            end.accept(exchange);
        }
        clear();
    }
}
