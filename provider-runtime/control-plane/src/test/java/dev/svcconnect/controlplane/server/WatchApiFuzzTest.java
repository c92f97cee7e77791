package dev.svcconnect.controlplane.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the watch API (host registration, heartbeats, task state reports, metrics and log
 * pushes, and the watches) over HTTP, on a control plane with a cluster, a service, a host and a
 * task. An input is a {@code METHOD PATH} line (the path under {@code /watch/v1/}), then the
 * body; {@code {host}} and {@code {task}}
 * in the path stand for the ids of that host and task, and every request asks not to be held
 * ({@code waitSeconds=0}). Whatever comes, the answer is a success or an AWS error with a 4xx
 * status: never a 500, never no answer. Seeds and former findings: {@code WatchApiFuzzTestInputs/}.
 */
class WatchApiFuzzTest {

    private static final String WATCH = "/watch/v1/";
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private static FuzzedControlPlane controlPlane;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = new FuzzedControlPlane();
    }

    @AfterAll
    static void stop() throws Exception {
        controlPlane.close();
    }

    @FuzzTest(maxDuration = "10m")
    void anyRequestGetsAnAnswerOrAnAwsErrorWithA4xx(byte[] input) throws Exception {
        FuzzedControlPlane.allowOnlyLoopbackConnections();
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        String body = newline < 0 ? "" : text.substring(newline + 1);
        int space = line.indexOf(' ');
        String method = space < 0 ? "" : line.substring(0, space);
        if (!METHODS.contains(method)) {
            method = "POST";
        }
        String path = (space < 0 ? line : line.substring(space + 1))
                .replace("{host}", FuzzedControlPlane.HOST_ID)
                .replace("{task}", controlPlane.taskId());
        if (!path.startsWith(WATCH)) {
            path = WATCH + path;
        }
        path += (path.contains("?") ? "&" : "?") + "waitSeconds=0";

        HttpResponse<String> response = controlPlane.request(method, path, body);

        AwsJsonApiFuzzTest.assertAnswerOrAwsError(response);
    }
}
