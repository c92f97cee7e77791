package dev.svcconnect.proxy.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.metrics.ListenerCounters;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.health.OutlierDetector;
import dev.svcconnect.proxy.health.OutlierPolicy;
import dev.svcconnect.proxy.internal.ListenerState;
import dev.svcconnect.proxy.internal.Transport;
import dev.svcconnect.proxy.lb.Endpoint;
import dev.svcconnect.proxy.lb.EndpointGroup;
import dev.svcconnect.proxy.lb.LoadBalancer;
import dev.svcconnect.proxy.metrics.ListenerMetrics;
import dev.svcconnect.proxy.metrics.ProxyMetrics;
import dev.svcconnect.proxy.retry.RetryBudget;
import dev.svcconnect.proxy.retry.RetryPolicy;
import dev.svcconnect.testsupport.TestClock;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The decisions a request makes whatever its protocol, through the smallest protocol there is. */
class RequestLifecycleTest {

    private static final List<String> THREE = List.of("127.0.0.1:1001", "127.0.0.1:1002", "127.0.0.1:1003");

    private final TestClock clock = new TestClock();
    private final Transport transport = Transport.create(1);
    private final ProxyMetrics proxyMetrics = new ProxyMetrics("client", null);
    private final List<EmbeddedChannel> connections = new ArrayList<>();
    private final List<ByteBufHolder> bodies = new ArrayList<>();

    @AfterEach
    void close() {
        connections.forEach(EmbeddedChannel::finishAndReleaseAll);
        transport.close();
    }

    @Test
    void aConnectFailureIsRetriedOnEndpointsNotTriedYetThenAnswered503NamingTheDiscoveryName() {
        ListenerState listener = listener(THREE, RetryPolicy.defaults(), RetryBudget.defaults(clock));
        ScriptedExchange request = new ScriptedExchange(listener);
        request.connects = false;

        request.start();

        assertThat(request.endpoints).hasSize(3).doesNotHaveDuplicates();
        assertThat(request.replied).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(request.replyText).startsWith("upstream connect error: orders endpoint ");
        assertSettled(listener);
    }

    @Test
    void retriesStopAfterThePolicysMaximum() {
        ListenerState listener = listener(THREE, new RetryPolicy(1, 1024), RetryBudget.defaults(clock));
        ScriptedExchange request = new ScriptedExchange(listener);
        request.connects = false;

        request.start();

        assertThat(request.endpoints).hasSize(2);
        assertThat(request.replied).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void a503IsAnsweredLocallyWhenNoEndpointIsHealthy() {
        ListenerState listener = listener(List.of(), RetryPolicy.defaults(), RetryBudget.defaults(clock));
        ScriptedExchange request = started(listener);

        assertThat(request.endpoints).isEmpty();
        assertThat(request.replied).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(request.replyText).isEqualTo("no healthy endpoint for discovery name 'orders'");
        assertSettled(listener);
    }

    @Test
    void a503IsRetriedElsewhereAndForwardedOnceNoEndpointIsLeftToTry() {
        ListenerState listener = listener(THREE.subList(0, 2), RetryPolicy.defaults(), RetryBudget.defaults(clock));
        ScriptedExchange request = started(listener);

        assertThat(request.responseHead(503)).as("first 503: retried").isFalse();
        assertThat(request.endpoints).hasSize(2).doesNotHaveDuplicates();
        assertThat(request.responseHead(503))
                .as("second 503: nothing left to try, forwarded")
                .isTrue();
        request.end();

        assertThat(request.endpoints).hasSize(2);
        ListenerCounters counters = listener.metrics().counters("orders");
        assertThat(counters.http5xx()).isEqualTo(2);
        assertThat(counters.responseTimeCount()).isEqualTo(2);
        assertSettled(listener);
    }

    @Test
    void aStaleConnectionMayBeRetriedOnTheSameEndpointButAFailedEndpointMayNot() {
        ListenerState listener = listener(THREE.subList(0, 1), RetryPolicy.defaults(), RetryBudget.defaults(clock));
        ScriptedExchange stale = started(listener);
        stale.upstreamEnded(RetryCause.STALE_CONNECTION, "connection");
        assertThat(stale.endpoints).hasSize(2).containsOnly(stale.endpoints.get(0));
        assertThat(stale.replied).isNull();
        assertThat(stale.responseHead(200)).isTrue();
        stale.end();

        ScriptedExchange failed = started(listener);
        failed.upstreamEnded(RetryCause.ENDPOINT_FAILED, "connection");
        assertThat(failed.endpoints).hasSize(1);
        assertThat(failed.replied).isEqualTo(HttpResponseStatus.BAD_GATEWAY);
        assertThat(failed.replyText)
                .isEqualTo("upstream 127.0.0.1:1001 of 'orders' closed the connection before responding");
        assertSettled(listener);
    }

    @Test
    void aRefusedStreamIsRetriedEvenWhenTheRetryBudgetIsSpent() {
        ListenerState listener = listener(THREE, RetryPolicy.defaults(), new RetryBudget(0, 0, clock));
        ScriptedExchange failed = started(listener);
        failed.upstreamEnded(RetryCause.ENDPOINT_FAILED, "stream");
        assertThat(failed.endpoints).as("no budget for an endpoint's failure").hasSize(1);
        assertThat(failed.replied).isEqualTo(HttpResponseStatus.BAD_GATEWAY);

        ScriptedExchange refused = started(listener);
        refused.upstreamEnded(RetryCause.REFUSED, "stream");
        assertThat(refused.endpoints).hasSize(2);
        assertThat(refused.replied).isNull();
        refused.end();
        assertSettled(listener);
    }

    @Test
    void theBodyIsSentAgainOnARetryWhileItFitsTheReplayLimit() {
        ListenerState listener = listener(THREE, new RetryPolicy(2, 8), RetryBudget.defaults(clock));
        ScriptedExchange request = started(listener);
        request.body("12345");

        assertThat(request.responseHead(503)).isFalse();
        assertThat(request.sent).containsExactly("12345", "12345");
        request.body("678");
        assertThat(request.responseHead(503)).isFalse();
        assertThat(request.sent).containsExactly("12345", "12345678", "12345678");
        request.body("9");
        assertThat(request.responseHead(503))
                .as("9 bytes: past the limit, not retried")
                .isTrue();
        request.end();
        assertSettled(listener);
    }

    @Test
    void theTimeoutAnswers504BeforeTheResponseStartsAndCutsTheResponseShortAfter() {
        ListenerState listener = listener(THREE.subList(0, 1), RetryPolicy.defaults(), RetryBudget.defaults(clock));
        ScriptedExchange waiting = started(listener);
        waiting.timedOut(15);
        assertThat(waiting.replied).isEqualTo(HttpResponseStatus.GATEWAY_TIMEOUT);
        assertThat(waiting.replyText).isEqualTo("upstream request timeout: no response from 'orders' within 15 s");

        ScriptedExchange streaming = started(listener);
        assertThat(streaming.responseHead(200)).isTrue();
        streaming.timedOut(15);
        assertThat(streaming.replied).isNull();
        assertThat(streaming.abandoned).isTrue();
        assertSettled(listener);
    }

    private ListenerState listener(List<String> endpoints, RetryPolicy policy, RetryBudget budget) {
        ListenerConfig config = ListenerConfig.builder()
                .name("orders")
                .bind("127.0.0.1:15000")
                .protocol(Protocol.HTTP)
                .discoveryName("orders")
                .endpoint("127.0.0.1:1000")
                .build();
        EndpointGroup group = new EndpointGroup(
                "orders", LoadBalancer.roundRobin(), new OutlierDetector(OutlierPolicy.defaults(), clock));
        ListenerMetrics metrics = proxyMetrics.listener(Direction.OUTBOUND, "orders");
        ListenerState listener = new ListenerState(config, group, policy, budget, metrics, null, transport, null);
        group.update(endpoints);
        return listener;
    }

    private ScriptedExchange started(ListenerState listener) {
        ScriptedExchange request = new ScriptedExchange(listener);
        request.start();
        return request;
    }

    /** Every count a request took is given back, and every body buffer released. */
    private void assertSettled(ListenerState listener) {
        assertThat(listener.activeRequests().get()).isZero();
        assertThat(listener.endpoints().endpoints())
                .allSatisfy(e -> assertThat(e.activeRequests()).isZero());
        assertThat(bodies).allSatisfy(body -> assertThat(body.refCnt()).isZero());
    }

    /**
     * The smallest protocol: a connection is an {@link EmbeddedChannel} (or a refused connect),
     * and what it "sends" is recorded as text.
     */
    private final class ScriptedExchange extends RequestLifecycle<ByteBufHolder> {

        boolean connects = true;
        final List<Endpoint> endpoints = new ArrayList<>();
        final List<String> sent = new ArrayList<>();
        HttpResponseStatus replied;
        String replyText;
        boolean abandoned;
        private boolean connected;

        ScriptedExchange(ListenerState listener) {
            super(listener, 1);
        }

        void start() {
            received(false);
            attempt();
        }

        void body(String text) {
            ByteBufHolder piece = new DefaultByteBufHolder(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            bodies.add(piece);
            keepForReplay(piece);
            if (connected) {
                write(piece);
            } else {
                pending().add(piece);
            }
        }

        void end() {
            finish();
        }

        @Override
        protected Future<Channel> acquire(Endpoint endpoint) {
            endpoints.add(endpoint);
            if (!connects) {
                return ImmediateEventExecutor.INSTANCE.newFailedFuture(new ConnectException("refused"));
            }
            EmbeddedChannel channel = new EmbeddedChannel();
            connections.add(channel);
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(channel);
        }

        @Override
        protected void unused(Channel connection, Endpoint endpoint) {
            connection.close();
        }

        @Override
        protected boolean send(Channel connection) {
            connected = true;
            sent.add("");
            pending().forEach(this::write);
            pending().clear();
            return true;
        }

        private void write(ByteBufHolder piece) {
            int last = sent.size() - 1;
            sent.set(last, sent.get(last) + piece.content().toString(StandardCharsets.UTF_8));
            piece.release();
        }

        @Override
        protected void reply(HttpResponseStatus status, String text) {
            finish();
            replied = status;
            replyText = text;
        }

        @Override
        protected void abandonFront() {
            abandoned = true;
        }

        @Override
        protected void dropUpstream() {
            connected = false;
        }

        @Override
        protected void onFinish() {}
    }
}
