package dev.svcconnect.proxy.support;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A grpc-java echo service with hand-made method descriptors (UTF-8 string messages): unary,
 * server streaming, client streaming and bidirectional streaming, plus statuses on request.
 */
public final class GrpcEcho implements AutoCloseable {

    public static final MethodDescriptor<String, String> UNARY = method("Unary", MethodDescriptor.MethodType.UNARY);
    public static final MethodDescriptor<String, String> SERVER_STREAM =
            method("ServerStream", MethodDescriptor.MethodType.SERVER_STREAMING);
    public static final MethodDescriptor<String, String> CLIENT_STREAM =
            method("ClientStream", MethodDescriptor.MethodType.CLIENT_STREAMING);
    public static final MethodDescriptor<String, String> BIDI =
            method("Bidi", MethodDescriptor.MethodType.BIDI_STREAMING);

    private final String name;
    private final Server server;

    private GrpcEcho(String name, int maxMetadataBytes) throws IOException {
        this.name = name;
        ServerServiceDefinition service = ServerServiceDefinition.builder("test.Echo")
                .addMethod(UNARY, ServerCalls.asyncUnaryCall(this::unary))
                .addMethod(SERVER_STREAM, ServerCalls.asyncServerStreamingCall(this::serverStream))
                .addMethod(CLIENT_STREAM, ServerCalls.asyncClientStreamingCall(this::clientStream))
                .addMethod(BIDI, ServerCalls.asyncBidiStreamingCall(this::bidi))
                .build();
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(service)
                .maxInboundMetadataSize(maxMetadataBytes)
                .build()
                .start();
    }

    public static GrpcEcho start(String name) {
        return start(name, 8192);
    }

    /** With {@code maxMetadataBytes} as the SETTINGS_MAX_HEADER_LIST_SIZE its connections announce. */
    public static GrpcEcho start(String name, int maxMetadataBytes) {
        try {
            return new GrpcEcho(name, maxMetadataBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    private void unary(String request, StreamObserver<String> response) {
        if (request.startsWith("status:")) {
            response.onError(Status.fromCodeValue(Integer.parseInt(request.substring(7)))
                    .withDescription("asked for it")
                    .asRuntimeException());
            return;
        }
        if (request.startsWith("sleep:")) {
            try {
                Thread.sleep(Long.parseLong(request.substring(6)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        response.onNext(name + ":" + request);
        response.onCompleted();
    }

    private void serverStream(String request, StreamObserver<String> response) {
        int count = Integer.parseInt(request);
        for (int i = 0; i < count; i++) {
            response.onNext(name + ":" + i);
        }
        response.onCompleted();
    }

    private StreamObserver<String> clientStream(StreamObserver<String> response) {
        StringBuilder all = new StringBuilder();
        return new StreamObserver<>() {
            @Override
            public void onNext(String value) {
                all.append(value);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {
                response.onNext(name + ":" + all);
                response.onCompleted();
            }
        };
    }

    private StreamObserver<String> bidi(StreamObserver<String> response) {
        return new StreamObserver<>() {
            @Override
            public void onNext(String value) {
                response.onNext(name + ":" + value);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {
                response.onCompleted();
            }
        };
    }

    private static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<String, String>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Echo", name))
                .setRequestMarshaller(Utf8.INSTANCE)
                .setResponseMarshaller(Utf8.INSTANCE)
                .build();
    }

    @Override
    public void close() {
        try {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Messages as UTF-8 text. */
    private enum Utf8 implements MethodDescriptor.Marshaller<String> {
        INSTANCE;

        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
