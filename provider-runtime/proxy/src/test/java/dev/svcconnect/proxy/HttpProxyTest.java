package dev.svcconnect.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.proxy.LoadBalancing;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import dev.svcconnect.proxy.support.OneRequestPerConnectionBackend;
import dev.svcconnect.proxy.support.RawBackend;
import dev.svcconnect.testsupport.Curl;
import dev.svcconnect.testsupport.HttpBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpProxyTest extends Closer {

    private Proxy proxy(Protocol protocol, LoadBalancing balancing, HttpBackend... backends) {
        var listener = Configs.listener("web").protocol(protocol).loadBalancing(balancing);
        for (HttpBackend backend : backends) {
            listener.endpoint(backend.address());
        }
        return closing(Proxy.builder().start(Configs.proxy(listener.build())));
    }

    private Proxy proxy(HttpBackend... backends) {
        return proxy(Protocol.HTTP, LoadBalancing.ROUND_ROBIN, backends);
    }

    private static String url(Proxy proxy, String path) {
        return "http://127.0.0.1:" + proxy.listenerAddress("web").getPort() + path;
    }

    private static String[] urls(Proxy proxy, int count) {
        return IntStream.range(0, count).mapToObj(i -> url(proxy, "/r" + i)).toArray(String[]::new);
    }

    private static String[] args(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void curlGetsTheBackendsAnswerOverHttp1() {
        HttpBackend backend = closing(HttpBackend.start("a"));
        Proxy proxy = proxy(backend);

        Curl.Result result = Curl.run("-i", url(proxy, "/hello"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .startsWith("HTTP/1.1 200")
                .containsIgnoringCase("x-backend: a")
                .endsWith("a GET /hello 0\n");
    }

    @Test
    void curlOverHttp2PriorKnowledgeAndUpgradeReachesAnHttp1Backend() {
        HttpBackend backend = closing(HttpBackend.start("a"));
        Proxy proxy = proxy(backend);

        Curl.Result priorKnowledge = Curl.run("-i", "--http2-prior-knowledge", url(proxy, "/h2"));
        Curl.Result upgrade = Curl.run("-i", "--http2", url(proxy, "/upgraded"));

        assertThat(priorKnowledge.out())
                .as(priorKnowledge.err())
                .startsWith("HTTP/2 200")
                .endsWith("a GET /h2 0\n");
        assertThat(upgrade.out())
                .as(upgrade.err())
                .contains("HTTP/1.1 101")
                .contains("HTTP/2 200")
                .endsWith("a GET /upgraded 0\n");
    }

    @Test
    void largeChunkedBodiesStreamThroughAndExpectContinueIsAnswered(@TempDir Path dir) throws Exception {
        HttpBackend backend = closing(HttpBackend.start("a"));
        Proxy proxy = proxy(backend);
        Path body = dir.resolve("body.bin");
        Files.write(body, new byte[300_000]);

        Curl.Result chunked =
                Curl.run("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + body, url(proxy, "/up"));
        Curl.Result expect =
                Curl.run("-i", "-H", "Expect: 100-continue", "--data-binary", "@" + body, url(proxy, "/up"));

        assertThat(chunked.out()).as(chunked.err()).isEqualTo("a POST /up 300000\n");
        assertThat(expect.out())
                .startsWith("HTTP/1.1 100 Continue")
                .contains("HTTP/1.1 200")
                .endsWith("a POST /up 300000\n");
    }

    @Test
    void aHeadAnswerHasNoBodyAndThePooledConnectionServesTheNextRequest() {
        HttpBackend backend = closing(HttpBackend.start("a"));
        Proxy proxy = proxy(backend);

        Curl.Result head = Curl.run("-I", url(proxy, "/head"));
        Curl.Result after = Curl.run(url(proxy, "/after"));

        assertThat(head.out()).as(head.err()).startsWith("HTTP/1.1 200").containsIgnoringCase("x-backend: a");
        assertThat(after.out()).as(after.err()).isEqualTo("a GET /after 0\n");
    }

    @Test
    void aChunkedResponsesTrailersReachTheClient() {
        RawBackend backend = closing(new RawBackend("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "Trailer: x-checksum\r\n\r\n3\r\nok\n\r\n0\r\nx-checksum: 42\r\n\r\n"));
        Proxy proxy = closing(Proxy.builder()
                .start(Configs.proxy(Configs.listener("web")
                        .protocol(Protocol.HTTP)
                        .endpoint(backend.address())
                        .build())));

        Curl.Result first = Curl.run("--raw", url(proxy, "/one"));
        Curl.Result second = Curl.run("--raw", url(proxy, "/two"));

        assertThat(first.out()).as(first.err()).contains("ok\n").contains("x-checksum: 42");
        assertThat(second.out()).as(second.err()).contains("ok\n").contains("x-checksum: 42");
    }

    @Test
    void roundRobinSpreadsRequestsEvenlyOverThreeEndpoints() {
        HttpBackend a = closing(HttpBackend.start("a"));
        HttpBackend b = closing(HttpBackend.start("b"));
        HttpBackend c = closing(HttpBackend.start("c"));
        Proxy proxy = proxy(a, b, c);

        Curl.Result result = Curl.run(urls(proxy, 30));

        assertThat(result.out().lines()).hasSize(30);
        assertThat(List.of(a.requests(), b.requests(), c.requests())).containsExactly(10, 10, 10);
    }

    @Test
    void leastRequestUsesEveryEndpoint() {
        HttpBackend a = closing(HttpBackend.start("a"));
        HttpBackend b = closing(HttpBackend.start("b"));
        HttpBackend c = closing(HttpBackend.start("c"));
        Proxy proxy = proxy(Protocol.HTTP, LoadBalancing.LEAST_REQUEST, a, b, c);

        Curl.Result result = Curl.run(urls(proxy, 60));

        assertThat(result.out().lines()).hasSize(60);
        assertThat(List.of(a.requests(), b.requests(), c.requests()))
                .allSatisfy(n -> assertThat(n).isPositive());
    }

    @Test
    void anEndpointAnswering503IsRetriedElsewhereAndTheClientSees200() {
        HttpBackend sick = closing(HttpBackend.start("sick").status(503));
        HttpBackend well = closing(HttpBackend.start("well"));
        Proxy proxy = proxy(sick, well);

        Curl.Result result = Curl.run(args(urls(proxy, 6), "-w", "%{http_code}\n"));

        assertThat(result.out().lines().filter(l -> l.matches("\\d{3}")).toList())
                .containsOnly("200")
                .hasSize(6);
        assertThat(well.requests()).isEqualTo(6);
        assertThat(sick.requests()).isBetween(1, 5);
    }

    @Test
    void aKilledEndpointIsEjectedAndClientsSeeNoError() {
        HttpBackend a = closing(HttpBackend.start("a"));
        HttpBackend b = closing(HttpBackend.start("b"));
        HttpBackend killed = HttpBackend.start("killed");
        Proxy proxy = proxy(a, b, killed);
        killed.close();

        Curl.Result result = Curl.run(args(urls(proxy, 30), "-w", "%{http_code}\n"));

        assertThat(result.out().lines().filter(l -> l.matches("\\d{3}")).toList())
                .containsOnly("200")
                .hasSize(30);
        assertThat(a.requests() + b.requests()).isEqualTo(30);
        Curl.Result stats = Curl.run("http://127.0.0.1:" + proxy.adminAddress().getPort() + "/stats");
        assertThat(stats.out()).containsPattern("\"address\" : \"" + killed.address() + "\",[^}]*\"ejected\" : true");
    }

    @Test
    void aPooledConnectionTheOnlyEndpointClosedIsRetriedOnAFreshConnection() {
        OneRequestPerConnectionBackend app = closing(new OneRequestPerConnectionBackend());
        Proxy proxy = closing(Proxy.builder()
                .start(Configs.proxy(Configs.listener("web")
                        .protocol(Protocol.HTTP)
                        .endpoint(app.address())
                        .build())));

        Curl.Result result = Curl.run(args(urls(proxy, 5), "-w", "%{http_code}\n"));

        assertThat(result.out().lines().filter(l -> l.matches("\\d{3}")).toList())
                .containsOnly("200")
                .hasSize(5);
        assertThat(app.answered()).isEqualTo(5);
    }

    @Test
    void aSlowEndpointGets504AtThePerRequestTimeout() {
        HttpBackend slow = closing(HttpBackend.start("slow").delayMillis(5000));
        Proxy proxy = closing(Proxy.builder()
                .start(Configs.proxy(Configs.listener("web")
                        .protocol(Protocol.HTTP)
                        .perRequestTimeoutSeconds(1)
                        .endpoint(slow.address())
                        .build())));

        long start = System.nanoTime();
        Curl.Result result = Curl.run("-i", url(proxy, "/slow"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.out())
                .startsWith("HTTP/1.1 504")
                .contains("upstream request timeout: no response from 'web-svc' within 1 s");
        assertThat(took).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void anEndpointThatTimesOutFiveTimesInARowIsEjected() {
        HttpBackend slow = closing(HttpBackend.start("slow").delayMillis(3000));
        HttpBackend fast = closing(HttpBackend.start("fast"));
        Proxy proxy = closing(Proxy.builder()
                .start(Configs.proxy(Configs.listener("web")
                        .protocol(Protocol.HTTP)
                        .perRequestTimeoutSeconds(1)
                        .endpoint(slow.address())
                        .endpoint(fast.address())
                        .build())));

        Curl.Result result = Curl.run(args(urls(proxy, 20), "-w", "%{http_code}\n"));

        List<String> codes =
                result.out().lines().filter(l -> l.matches("\\d{3}")).toList();
        assertThat(codes).hasSize(20);
        assertThat(codes).filteredOn("504"::equals).hasSize(5);
        assertThat(codes.subList(10, 20)).containsOnly("200");
        Curl.Result stats = Curl.run("http://127.0.0.1:" + proxy.adminAddress().getPort() + "/stats");
        assertThat(stats.out()).containsPattern("\"address\" : \"" + slow.address() + "\",[^}]*\"ejected\" : true");
    }

    @Test
    void noEndpointAnswers503NamingTheDiscoveryName() {
        Proxy proxy = proxy();

        Curl.Result result = Curl.run("-i", url(proxy, "/"));

        assertThat(result.out())
                .startsWith("HTTP/1.1 503")
                .endsWith("no healthy endpoint for discovery name 'web-svc'\n");
    }

    @Test
    void anUnreachableOnlyEndpointAnswers503AfterRetries() {
        HttpBackend gone = HttpBackend.start("gone");
        gone.close();
        Proxy proxy = proxy(gone);

        Curl.Result result = Curl.run("-i", url(proxy, "/"));

        assertThat(result.out()).startsWith("HTTP/1.1 503").contains("upstream connect error");
    }
}
