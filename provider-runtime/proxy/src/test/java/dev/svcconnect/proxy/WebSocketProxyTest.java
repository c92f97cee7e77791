package dev.svcconnect.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import dev.svcconnect.proxy.support.WebSocketEcho;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WebSocketProxyTest extends Closer {

    @Test
    void aWebSocketUpgradeIsPassedThroughAndMessagesFlowBothWays() throws Exception {
        WebSocketEcho echo = closing(new WebSocketEcho());
        Proxy proxy = closing(Proxy.builder()
                .start(Configs.proxy(Configs.listener("ws")
                        .protocol(Protocol.HTTP)
                        .perRequestTimeoutSeconds(1)
                        .endpoint(echo.address())
                        .build())));
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> gotThree = new CompletableFuture<>();

        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(
                        URI.create(
                                "ws://127.0.0.1:" + proxy.listenerAddress("ws").getPort() + "/ws"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                received.add(data.toString());
                                if (received.size() == 3) {
                                    gotThree.complete(null);
                                }
                                webSocket.request(1);
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
        for (String message : List.of("one", "two", "three")) {
            socket.sendText(message, true).get(5, TimeUnit.SECONDS);
        }
        gotThree.get(10, TimeUnit.SECONDS);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

        assertThat(received).containsExactly("echo:one", "echo:two", "echo:three");
    }
}
