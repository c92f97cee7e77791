package dev.svcconnect.e2e;

import com.sun.net.httpserver.HttpServer;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The chaos scenarios' server task: answers its task id over HTTP/1.1 ({@value #HTTP_PORT}), gRPC
 * ({@value #GRPC_PORT}, the unary method {@link #METHOD}) and TCP ({@value #TCP_PORT}: a line in,
 * the id and a newline out, then close), all on {@code SVC_CONNECT_APP_ADDRESS}. While the file
 * {@value #DELAY_FILE} in its working directory (the task's directory) holds a number of
 * milliseconds, every answer waits that long first: a slow endpoint, where the kernel has no
 * {@code sch_netem} to delay its packets. {@code java dev.svcconnect.e2e.ChaosServer}.
 */
public final class ChaosServer {

    static final int HTTP_PORT = 8080;
    static final int GRPC_PORT = 50051;
    static final int TCP_PORT = 7000;
    static final String DELAY_FILE = "chaos-delay-millis";

    /** A unary method whose request and response are raw bytes: no generated code needed. */
    static final MethodDescriptor<byte[], byte[]> METHOD = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("chaos.TaskId/Get")
            .setRequestMarshaller(Bytes.MARSHALLER)
            .setResponseMarshaller(Bytes.MARSHALLER)
            .build();

    private ChaosServer() {}

    public static void main(String[] args) throws Exception {
        String arn = System.getenv().getOrDefault("ECS_TASK_ARN", "unknown");
        byte[] id = arn.substring(arn.lastIndexOf('/') + 1).getBytes(StandardCharsets.UTF_8);
        String address = System.getenv().getOrDefault("SVC_CONNECT_APP_ADDRESS", "127.0.0.1");

        HttpServer http = HttpServer.create(new InetSocketAddress(address, HTTP_PORT), 128);
        http.setExecutor(Executors.newCachedThreadPool());
        http.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            delay();
            exchange.sendResponseHeaders(200, id.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(id);
            }
        });
        http.start();

        Server grpc = NettyServerBuilder.forAddress(new InetSocketAddress(address, GRPC_PORT))
                .addService(ServerServiceDefinition.builder("chaos.TaskId")
                        .addMethod(METHOD, ServerCalls.asyncUnaryCall((request, response) -> {
                            delay();
                            response.onNext(id);
                            response.onCompleted();
                        }))
                        .build())
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(grpc::shutdown));

        try (ServerSocket tcp = new ServerSocket(TCP_PORT, 128, InetAddress.getByName(address))) {
            while (true) {
                Socket socket = tcp.accept();
                Thread answer = new Thread(() -> answerLine(socket, id), "tcp-answer");
                answer.setDaemon(true);
                answer.start();
            }
        }
    }

    private static void answerLine(Socket socket, byte[] id) {
        try (socket) {
            new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            delay();
            OutputStream out = socket.getOutputStream();
            out.write(id);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private static void delay() {
        Path file = Path.of(DELAY_FILE);
        try {
            if (Files.exists(file)) {
                Thread.sleep(Long.parseLong(Files.readString(file).trim()));
            }
        } catch (IOException | NumberFormatException e) {
            // no delay to apply
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Byte arrays as gRPC messages, as they are. */
    enum Bytes implements MethodDescriptor.Marshaller<byte[]> {
        MARSHALLER;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
