package dev.svcconnect.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import dev.svcconnect.testsupport.Curl;
import dev.svcconnect.testsupport.HttpBackend;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DrainTest extends Closer {

    private final HttpBackend app = closing(HttpBackend.start("app").delayMillis(1500));

    private Proxy inboundProxyInFrontOfASlowApp() {
        return closing(Proxy.builder()
                .start(Configs.proxy(Configs.listener("in")
                        .direction(Direction.INBOUND)
                        .protocol(Protocol.HTTP)
                        .endpoint(app.address())
                        .build())));
    }

    @Test
    void drainingFinishesInFlightRequestsAndRefusesNewOnes() throws Exception {
        Proxy proxy = inboundProxyInFrontOfASlowApp();
        String url = "http://127.0.0.1:" + proxy.listenerAddress("in").getPort() + "/work";
        String admin = "http://127.0.0.1:" + proxy.adminAddress().getPort();

        CompletableFuture<Curl.Result> inFlight = CompletableFuture.supplyAsync(() -> Curl.run("-i", url));
        await().atMost(Duration.ofSeconds(10)).until(() -> app.requests() == 1);
        Curl.Result drain = Curl.run("-i", "-X", "POST", admin + "/drain");

        assertThat(drain.out()).startsWith("HTTP/1.1 202");
        assertThat(Curl.run("-i", admin + "/ready").out())
                .startsWith("HTTP/1.1 503")
                .endsWith("DRAINING\n");
        assertThat(Curl.run(url).exitCode()).as("new connections are refused").isEqualTo(7);
        Curl.Result finished = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(finished.out())
                .startsWith("HTTP/1.1 200")
                .containsIgnoringCase("connection: close")
                .endsWith("app GET /work 0\n");
        proxy.drained().get(10, TimeUnit.SECONDS);
    }

    @Test
    void drainingSendsHttp2ClientsGoawayAfterTheirStreamsFinish() throws Exception {
        Proxy proxy = inboundProxyInFrontOfASlowApp();
        String url = "http://127.0.0.1:" + proxy.listenerAddress("in").getPort() + "/h2";

        CompletableFuture<Curl.Result> inFlight =
                CompletableFuture.supplyAsync(() -> Curl.run("-i", "--http2-prior-knowledge", url));
        await().atMost(Duration.ofSeconds(10)).until(() -> app.requests() == 1);
        proxy.drain();

        Curl.Result finished = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(finished.out()).as(finished.err()).startsWith("HTTP/2 200").endsWith("app GET /h2 0\n");
        proxy.drained().get(10, TimeUnit.SECONDS);
        assertThat(proxy.metrics().scrape()).contains("ActiveConnectionCount{DiscoveryName=\"in-svc\"} 0");
    }

    @Test
    void getOnDrainIsRefusedAndDoesNotDrain() {
        Proxy proxy = closing(Proxy.builder().start(Configs.proxy()));
        String admin = "http://127.0.0.1:" + proxy.adminAddress().getPort();

        assertThat(Curl.run("-i", admin + "/drain").out())
                .startsWith("HTTP/1.1 405")
                .contains("use POST");
        assertThat(Curl.run("-i", admin + "/ready").out())
                .startsWith("HTTP/1.1 200")
                .endsWith("LIVE\n");
    }

    @Test
    void withAnAdminTokenDrainAnswersOnlyTheCallerThatHasItAndReadRoutesStayOpen() {
        Proxy proxy = closing(Proxy.builder().adminToken("s3cret-of-the-agent").start(Configs.proxy()));
        String admin = "http://127.0.0.1:" + proxy.adminAddress().getPort();

        assertThat(Curl.run("-i", "-X", "POST", admin + "/drain").out())
                .startsWith("HTTP/1.1 403")
                .contains("only the host agent may drain this proxy");
        assertThat(Curl.run("-i", "-X", "POST", "-H", "Authorization: Bearer guess", admin + "/drain")
                        .out())
                .startsWith("HTTP/1.1 403");
        assertThat(Curl.run("-i", admin + "/ready").out()).startsWith("HTTP/1.1 200");
        assertThat(Curl.run("-i", admin + "/stats").out()).startsWith("HTTP/1.1 200");
        assertThat(Curl.run("-i", admin + "/metrics").out()).startsWith("HTTP/1.1 200");

        assertThat(Curl.run("-i", "-X", "POST", "-H", "Authorization: Bearer s3cret-of-the-agent", admin + "/drain")
                        .out())
                .startsWith("HTTP/1.1 202");
        assertThat(Curl.run("-i", admin + "/ready").out()).startsWith("HTTP/1.1 503");
    }
}
