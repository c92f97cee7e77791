package dev.svcconnect.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import dev.svcconnect.proxy.support.GrpcEcho;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrpcProxyTest extends Closer {

    private ManagedChannel channel;

    @BeforeEach
    void startProxyInFrontOfTwoServers() {
        GrpcEcho a = closing(GrpcEcho.start("a"));
        GrpcEcho b = closing(GrpcEcho.start("b"));
        Proxy proxy = closing(Proxy.builder()
                .start(Configs.proxy(Configs.listener("echo")
                        .protocol(Protocol.GRPC)
                        .endpoint(a.address())
                        .endpoint(b.address())
                        .build())));
        channel = NettyChannelBuilder.forAddress(
                        "127.0.0.1", proxy.listenerAddress("echo").getPort())
                .usePlaintext()
                .build();
        closing(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void unaryCallsAreBalancedPerStreamOverOneConnection() {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(ClientCalls.blockingUnaryCall(channel, GrpcEcho.UNARY, CallOptions.DEFAULT, "hi" + i));
        }

        assertThat(answers).containsExactlyInAnyOrder("a:hi0", "b:hi1", "a:hi2", "b:hi3");
    }

    @Test
    void serverStreamingPassesEveryMessageAndTheTrailers() {
        List<String> messages = new ArrayList<>();
        ClientCalls.blockingServerStreamingCall(channel, GrpcEcho.SERVER_STREAM, CallOptions.DEFAULT, "50")
                .forEachRemaining(messages::add);

        assertThat(messages).hasSize(50).allMatch(m -> m.matches("[ab]:\\d+"));
    }

    @Test
    void clientStreamingAndBidirectionalStreamingWork() throws Exception {
        CompletableFuture<String> summary = new CompletableFuture<>();
        StreamObserver<String> upload = ClientCalls.asyncClientStreamingCall(
                channel.newCall(GrpcEcho.CLIENT_STREAM, CallOptions.DEFAULT), observer(new ArrayList<>(), summary));
        for (int i = 0; i < 20; i++) {
            upload.onNext(Integer.toString(i % 10));
        }
        upload.onCompleted();

        List<String> echoes = new CopyOnWriteArrayList<>();
        CompletableFuture<String> bidiDone = new CompletableFuture<>();
        StreamObserver<String> chat = ClientCalls.asyncBidiStreamingCall(
                channel.newCall(GrpcEcho.BIDI, CallOptions.DEFAULT), observer(echoes, bidiDone));
        for (int i = 0; i < 10; i++) {
            chat.onNext("m" + i);
        }
        chat.onCompleted();

        assertThat(summary.get(10, TimeUnit.SECONDS)).matches("[ab]:01234567890123456789");
        bidiDone.get(10, TimeUnit.SECONDS);
        assertThat(echoes).hasSize(10).allMatch(m -> m.matches("[ab]:m\\d"));
    }

    @Test
    void errorStatusesAndDeadlinesReachTheClient() {
        assertThatThrownBy(
                        () -> ClientCalls.blockingUnaryCall(channel, GrpcEcho.UNARY, CallOptions.DEFAULT, "status:5"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).isEqualTo("asked for it");
                });
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(
                        channel,
                        GrpcEcho.UNARY,
                        CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS),
                        "sleep:2000"))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        assertThat(ClientCalls.blockingUnaryCall(channel, GrpcEcho.UNARY, CallOptions.DEFAULT, "after"))
                .endsWith(":after");
    }

    @Test
    void theProxysOwnAnswersReachAGrpcClientAsGrpcStatusesWithTheirReason() {
        GrpcEcho slow = closing(GrpcEcho.start("slow"));
        Proxy proxy = closing(Proxy.builder()
                .start(Configs.proxy(
                        Configs.listener("echo")
                                .protocol(Protocol.GRPC)
                                .perRequestTimeoutSeconds(1)
                                .endpoint(slow.address())
                                .build(),
                        Configs.listener("none").protocol(Protocol.GRPC).build())));

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(
                        channelTo(proxy, "echo"), GrpcEcho.UNARY, CallOptions.DEFAULT, "sleep:3000"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("504 upstream request timeout: no response from 'echo-svc' within 1 s");
                });
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(
                        channelTo(proxy, "none"), GrpcEcho.UNARY, CallOptions.DEFAULT, "hi"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("503 no healthy endpoint for discovery name 'none-svc'");
                });
    }

    private ManagedChannel channelTo(Proxy proxy, String listener) {
        ManagedChannel one = NettyChannelBuilder.forAddress(
                        "127.0.0.1", proxy.listenerAddress(listener).getPort())
                .usePlaintext()
                .build();
        closing(() -> one.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return one;
    }

    @Test
    void metadataOverTheServersLimitFailsThatCallAloneWithTheProxysReason() {
        GrpcEcho small = closing(GrpcEcho.start("small", 2048));
        Proxy proxy = closing(Proxy.builder()
                .start(Configs.proxy(Configs.listener("echo")
                        .protocol(Protocol.GRPC)
                        .endpoint(small.address())
                        .build())));
        ManagedChannel one = NettyChannelBuilder.forAddress(
                        "127.0.0.1", proxy.listenerAddress("echo").getPort())
                .usePlaintext()
                .build();
        closing(() -> one.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        Metadata large = new Metadata();
        large.put(Metadata.Key.of("x-large", Metadata.ASCII_STRING_MARSHALLER), "v".repeat(4000));

        String before = ClientCalls.blockingUnaryCall(one, GrpcEcho.UNARY, CallOptions.DEFAULT, "before");
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(
                        ClientInterceptors.intercept(one, MetadataUtils.newAttachHeadersInterceptor(large)),
                        GrpcEcho.UNARY,
                        CallOptions.DEFAULT,
                        "large"))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription())
                                .contains("502", "could not open a stream to upstream " + small.address()));
        String after = ClientCalls.blockingUnaryCall(one, GrpcEcho.UNARY, CallOptions.DEFAULT, "after");

        assertThat(List.of(before, after)).containsExactly("small:before", "small:after");
    }

    private static StreamObserver<String> observer(List<String> into, CompletableFuture<String> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(String value) {
                into.add(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(into.isEmpty() ? "" : into.get(into.size() - 1));
            }
        };
    }
}
