package dev.svcconnect.e2e;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The chaos scenarios' client, run inside a client task: three loops, one per protocol, each
 * calling a {@link ChaosServer} service by its client alias one call after another, a pause
 * between calls, for at most {@code SECONDS} and {@code CALLS} calls each, or until its standard
 * input closes. Prints a line per call: {@code PROTOCOL ok|fail MILLIS ANSWER-OR-ERROR}.
 * {@code java dev.svcconnect.e2e.ChaosClient HTTP_URL GRPC_HOST:PORT TCP_HOST:PORT SECONDS CALLS}.
 */
public final class ChaosClient {

    /** Longer than any proxy timeout of the scenarios: the proxy, not the client, decides. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private static final long PAUSE_MILLIS = 50;

    private ChaosClient() {}

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String grpcTarget = args[1];
        String[] tcp = args[2].split(":");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
        int calls = Integer.parseInt(args[4]);

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CALL_TIMEOUT)
                .build();
        HttpRequest get = HttpRequest.newBuilder(url).timeout(CALL_TIMEOUT).build();
        ManagedChannel grpc =
                NettyChannelBuilder.forTarget(grpcTarget).usePlaintext().build();

        Thread[] loops = {
            loop("http", until, calls, () -> {
                HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + response.statusCode() + " "
                            + response.body().strip());
                }
                return response.body();
            }),
            loop(
                    "grpc",
                    until,
                    calls,
                    () -> new String(
                            ClientCalls.blockingUnaryCall(
                                    grpc,
                                    ChaosServer.METHOD,
                                    CallOptions.DEFAULT.withDeadlineAfter(
                                            CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                                    new byte[0]),
                            StandardCharsets.UTF_8)),
            loop("tcp", until, calls, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(
                            new InetSocketAddress(tcp[0], Integer.parseInt(tcp[1])), (int) CALL_TIMEOUT.toMillis());
                    socket.setSoTimeout((int) CALL_TIMEOUT.toMillis());
                    OutputStream out = socket.getOutputStream();
                    out.write("who\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    String line = new BufferedReader(
                                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                            .readLine();
                    if (line == null || line.isBlank()) {
                        throw new IllegalStateException("closed without an answer");
                    }
                    return line;
                }
            })
        };
        Thread stdin = new Thread(() -> {
            try {
                System.in.readAllBytes();
            } catch (Exception e) {
                // closed either way
            }
            for (Thread loop : loops) {
                loop.interrupt();
            }
        });
        stdin.setDaemon(true);
        stdin.start();
        for (Thread loop : loops) {
            loop.join();
        }
        grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static Thread loop(String protocol, long until, int calls, Callable<String> call) {
        Thread thread = new Thread(
                () -> {
                    for (int i = 0; i < calls && System.nanoTime() - until < 0; i++) {
                        if (Thread.currentThread().isInterrupted()) {
                            return;
                        }
                        long start = System.nanoTime();
                        String outcome;
                        try {
                            String answer = oneLine(call.call().strip());
                            outcome = "ok " + millisSince(start) + " " + answer;
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            outcome = "fail " + millisSince(start) + " " + oneLine(String.valueOf(e));
                        }
                        synchronized (System.out) {
                            System.out.println(protocol + " " + outcome);
                            System.out.flush();
                        }
                        try {
                            Thread.sleep(PAUSE_MILLIS);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                protocol);
        thread.start();
        return thread;
    }

    /** The text without line breaks or other control characters: one call, one line. */
    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
