package dev.svcconnect.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.LoadBalancing;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import dev.svcconnect.proxy.support.H2Backend;
import dev.svcconnect.testsupport.Curl;
import dev.svcconnect.testsupport.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 clients to HTTP/2 endpoints: frames forwarded as frames, with every behaviour of the HTTP/1.1 path. */
class Http2ForwardingTest extends Closer {

    private static final String H2 = "--http2-prior-knowledge";

    private Proxy proxy(ListenerConfig.Builder listener) {
        return closing(Proxy.builder().start(Configs.proxy(listener.build())));
    }

    private static ListenerConfig.Builder http2(String... endpoints) {
        ListenerConfig.Builder listener = Configs.listener("web").protocol(Protocol.HTTP2);
        Arrays.stream(endpoints).forEach(listener::endpoint);
        return listener;
    }

    private static String url(Proxy proxy, String path) {
        return "http://127.0.0.1:" + proxy.listenerAddress("web").getPort() + path;
    }

    private static Curl.Result curl(String... args) {
        List<String> all = new ArrayList<>(List.of(H2));
        all.addAll(List.of(args));
        return Curl.run(all.toArray(String[]::new));
    }

    @Test
    void streamsOfOneConnectionAreBalancedRoundRobinAndAnswerWithTheEndpointsHeaders() {
        H2Backend a = closing(H2Backend.start("a"));
        H2Backend b = closing(H2Backend.start("b"));
        Proxy proxy = proxy(http2(a.address(), b.address()));

        Programs.Result load = Programs.run("h2load", "-n", "20", "-c", "1", "-m", "10", url(proxy, "/load"));
        int a20 = a.requests();
        Curl.Result one = curl("-i", url(proxy, "/first"));

        assertThat(load.out()).as(load.err()).contains("20 succeeded, 0 failed", "status codes: 20 2xx");
        assertThat(a20).isEqualTo(10);
        assertThat(b.requests() + a.requests()).isEqualTo(21);
        assertThat(one.out())
                .as(one.err())
                .startsWith("HTTP/2 200")
                .containsIgnoringCase("x-backend: ")
                .doesNotContain("local-reply")
                .endsWith(" GET /first 0\n");
    }

    @Test
    void streamsAnEndpointRefusesWithGoawayAreSentAgainOnANewConnectionAndNoneFails() {
        H2Backend a = closing(H2Backend.start("a").requestsPerConnection(7));
        Proxy proxy = proxy(http2(a.address()));

        Programs.Result load = Programs.run("h2load", "-n", "100", "-c", "2", "-m", "10", url(proxy, "/goaway"));

        assertThat(load.out()).as(load.err()).contains("100 succeeded, 0 failed", "status codes: 100 2xx");
        assertThat(a.requests()).isEqualTo(100);
    }

    @Test
    void leastRequestBalancingUsesEveryEndpoint() {
        H2Backend a = closing(H2Backend.start("a"));
        H2Backend b = closing(H2Backend.start("b"));
        Proxy proxy = proxy(http2(a.address(), b.address()).loadBalancing(LoadBalancing.LEAST_REQUEST));

        for (int i = 0; i < 20; i++) {
            assertThat(curl(url(proxy, "/lr")).out()).matches("[ab] GET /lr 0\n");
        }

        assertThat(a.requests()).isPositive();
        assertThat(b.requests()).isPositive();
    }

    @Test
    void largeBodiesStreamBothWaysWithinHttp2FlowControl(@TempDir Path dir) throws Exception {
        H2Backend a = closing(H2Backend.start("a"));
        Proxy proxy = proxy(http2(a.address()));
        Path upload = Files.write(dir.resolve("upload.bin"), new byte[3 * 1024 * 1024 + 7]);

        Curl.Result posted = curl("--data-binary", "@" + upload, url(proxy, "/upload"));
        Curl.Result downloaded = curl(
                "-o",
                dir.resolve("download.bin").toString(),
                "-w",
                "%{http_code} %{size_download}",
                url(proxy, "/bytes/" + (5 * 1024 * 1024)));

        assertThat(posted.out()).as(posted.err()).isEqualTo("a POST /upload " + (3 * 1024 * 1024 + 7) + "\n");
        assertThat(downloaded.out()).as(downloaded.err()).isEqualTo("200 " + (5 * 1024 * 1024));
    }

    @Test
    void aResponseThatEndsBeforeTheUploadIsDeliveredWholeToAClientWithASmallWindow(@TempDir Path dir) throws Exception {
        H2Backend a = closing(H2Backend.start("a").answerEarly());
        Proxy proxy = proxy(http2(a.address()));
        Path upload = Files.write(dir.resolve("upload.bin"), new byte[1024 * 1024]);

        // A 1023-byte stream window: most of the 200 kB answer waits in the proxy for the client's WINDOW_UPDATEs.
        Programs.Result load = Programs.run(
                "h2load",
                "-n",
                "4",
                "-c",
                "1",
                "-m",
                "2",
                "-w",
                "10",
                "-d",
                upload.toString(),
                url(proxy, "/bytes/200000"));

        assertThat(load.out()).as(load.err()).contains("4 succeeded, 0 failed", "status codes: 4 2xx");
        assertThat(a.requests()).isEqualTo(4);
    }

    @Test
    void a503IsRetriedOnAnotherEndpointWithTheBodyAndEveryAttemptIsCounted() {
        H2Backend failing = closing(H2Backend.start("failing").status(503));
        H2Backend ok = closing(H2Backend.start("ok"));
        Proxy proxy = proxy(http2(failing.address(), ok.address()));

        for (int i = 0; i < 4; i++) {
            Curl.Result result = curl("-i", "-d", "hello", url(proxy, "/retry"));
            assertThat(result.out()).as(result.err()).startsWith("HTTP/2 200").endsWith("ok POST /retry 5\n");
        }

        String target = "{TargetDiscoveryName=\"web-svc\"}";
        int failures = failing.requests();
        assertThat(failures).isPositive();
        assertThat(proxy.metrics().scrape())
                .contains(
                        "RequestCountPerTarget_total" + target + " " + (4 + failures) + ".0",
                        "HTTPCode_Target_2XX_Count_total" + target + " 4.0",
                        "HTTPCode_Target_5XX_Count_total" + target + " " + failures + ".0",
                        "TargetResponseTime_count" + target + " " + (4 + failures));
    }

    @Test
    void localAnswersNameTheDiscoveryNameForNoEndpointAndAnUnreachableOne() {
        Proxy none = proxy(http2());
        Proxy unreachable = closing(Proxy.builder()
                .start(Configs.proxy(Configs.listener("dead")
                        .protocol(Protocol.HTTP2)
                        .endpoint(Configs.freeAddress())
                        .build())));

        Curl.Result noEndpoint = curl("-i", url(none, "/x"));
        Curl.Result refused = curl(
                "-i", "http://127.0.0.1:" + unreachable.listenerAddress("dead").getPort() + "/x");

        assertThat(noEndpoint.out())
                .startsWith("HTTP/2 503")
                .contains("x-svc-connect-proxy: local-reply")
                .endsWith("no healthy endpoint for discovery name 'web-svc'\n");
        assertThat(refused.out()).startsWith("HTTP/2 503").contains("upstream connect error: dead-svc endpoint");
    }

    @Test
    void moreThan100HeaderFieldsGet431AndExactly100Pass() {
        H2Backend a = closing(H2Backend.start("a"));
        Proxy proxy = proxy(http2(a.address()));

        Curl.Result tooMany = curl(withHeaders(99, "-i", url(proxy, "/many")));
        Curl.Result enough = curl(withHeaders(98, url(proxy, "/enough")));

        assertThat(tooMany.out())
                .as(tooMany.err())
                .startsWith("HTTP/2 431")
                .endsWith("more than 100 request header fields\n");
        assertThat(enough.out()).as(enough.err()).isEqualTo("a GET /enough 0\n");
        assertThat(a.requests()).isEqualTo(1);
    }

    /** {@code count} fields of our own; curl adds user-agent and accept (and the pseudo-headers) to them. */
    private static String[] withHeaders(int count, String... args) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add("-H");
            all.add("x-field-" + i + ": " + i);
        }
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void aSlowEndpointGets504AtThePerRequestTimeoutAndTheConnectionServesOn() {
        H2Backend slow = closing(H2Backend.start("slow").delayMillis(3000));
        H2Backend fast = closing(H2Backend.start("fast"));
        Proxy proxy = proxy(http2(slow.address()).perRequestTimeoutSeconds(1));
        Proxy other = closing(Proxy.builder()
                .start(Configs.proxy(Configs.listener("web")
                        .protocol(Protocol.HTTP2)
                        .endpoint(fast.address())
                        .build())));

        Curl.Result timedOut = curl("-i", url(proxy, "/slow"));

        assertThat(timedOut.out())
                .startsWith("HTTP/2 504")
                .endsWith("upstream request timeout: no response from 'web-svc' within 1 s\n");
        assertThat(curl(url(other, "/fast")).out()).isEqualTo("fast GET /fast 0\n");
    }

    @Test
    void everyStreamOfOneConnectionGets504AtItsOwnTimeoutBatchAfterBatch() {
        H2Backend slow = closing(H2Backend.start("slow").delayMillis(3000));
        Proxy proxy = proxy(http2(slow.address()).perRequestTimeoutSeconds(1));

        // One connection, three streams at a time: the second three start as the first time out.
        Programs.Result load = Programs.run("h2load", "-n", "6", "-c", "1", "-m", "3", url(proxy, "/slow"));

        assertThat(load.out()).as(load.err()).contains("6 done", "0 errored, 0 timeout", "0 2xx, 0 3xx, 0 4xx, 6 5xx");
    }

    @Test
    void inboundHttp2RequestsAndGrpcRequestsAreCounted() {
        H2Backend app = closing(H2Backend.start("app"));
        Proxy proxy = proxy(http2(app.address()).direction(Direction.INBOUND));

        curl(url(proxy, "/1"));
        curl(url(proxy, "/2"));
        curl("-H", "content-type: application/grpc+proto", url(proxy, "/grpc"));

        String web = "{DiscoveryName=\"web-svc\"}";
        await().until(() -> proxy.metrics().scrape().contains("ActiveConnectionCount" + web + " 0"));
        assertThat(proxy.metrics().scrape())
                .contains(
                        "RequestCount_total" + web + " 3.0",
                        "GrpcRequestCount_total" + web + " 1.0",
                        "NewConnectionCount_total" + web + " 3.0");
    }

    @Test
    void http1ClientsStillReachHttp2EndpointsAndUpgradedOnesAreForwardedAsFrames() {
        H2Backend a = closing(H2Backend.start("a"));
        Proxy proxy = proxy(http2(a.address()));

        Curl.Result http1 = Curl.run("-i", "-d", "abc", url(proxy, "/h1"));
        Curl.Result upgraded = Curl.run("-i", "--http2", url(proxy, "/upgraded"));

        assertThat(http1.out()).as(http1.err()).startsWith("HTTP/1.1 200").endsWith("a POST /h1 3\n");
        assertThat(upgraded.out())
                .as(upgraded.err())
                .startsWith("HTTP/1.1 101")
                .contains("HTTP/2 200")
                .endsWith("a GET /upgraded 0\n");
    }

    @Test
    void drainingLetsAStreamInFlightFinishThenSendsGoaway() throws Exception {
        H2Backend app = closing(H2Backend.start("app").delayMillis(500));
        Proxy proxy = proxy(http2(app.address()).direction(Direction.INBOUND));

        CompletableFuture<Curl.Result> inFlight = CompletableFuture.supplyAsync(() -> curl("-i", url(proxy, "/work")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> proxy.metrics().scrape().contains("RequestCount_total{DiscoveryName=\"web-svc\"} 1.0"));
        proxy.drain();

        Curl.Result finished = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(finished.out()).as(finished.err()).startsWith("HTTP/2 200").endsWith("app GET /work 0\n");
        proxy.drained().get(10, TimeUnit.SECONDS);
    }
}
