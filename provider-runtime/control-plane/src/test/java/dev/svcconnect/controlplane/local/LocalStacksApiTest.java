package dev.svcconnect.controlplane.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local engine's stack records over HTTP, kept across a restart, with the errors of bad requests. */
class LocalStacksApiTest {

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(ControlPlaneServer server, String method, String path, String body)
            throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRecordIsStoredListedKeptAcrossARestartAndForgotten() throws Exception {
        try (ControlPlaneServer server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build())) {
            assertThat(send(server, "PUT", "/local/v1/stacks/Apps", "{\"stackName\":\"Apps\",\"resources\":[]}")
                            .statusCode())
                    .isEqualTo(200);
        }
        try (ControlPlaneServer server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build())) {
            assertThat(send(server, "GET", "/local/v1/stacks/Apps", null).body())
                    .isEqualTo("{\"stackName\":\"Apps\",\"resources\":[]}");
            assertThat(send(server, "GET", "/local/v1/stacks", null).body())
                    .isEqualTo("{\"stacks\":[{\"stackName\":\"Apps\",\"resources\":[]}]}");

            assertThat(send(server, "DELETE", "/local/v1/stacks/Apps", null).statusCode())
                    .isEqualTo(200);
            assertThat(send(server, "DELETE", "/local/v1/stacks/Apps", null).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> missing = send(server, "GET", "/local/v1/stacks/Apps", null);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("StackNotFoundException", "Stack Apps does not exist.");
        }
    }

    @Test
    void badRecordsAndRoutesAreRejectedWithTheReason() throws Exception {
        try (ControlPlaneServer server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build())) {
            HttpResponse<String> wrongName = send(server, "PUT", "/local/v1/stacks/Apps", "{\"stackName\":\"Other\"}");
            assertThat(wrongName.statusCode()).isEqualTo(400);
            assertThat(wrongName.body()).contains("stackName: 'Other' (expected: 'Apps', the name in the path).");
            assertThat(send(server, "PUT", "/local/v1/stacks/Apps", "[1]").body())
                    .contains("must be a JSON object");
            assertThat(send(server, "PUT", "/local/v1/stacks/Apps", "{").body())
                    .contains("The stack record is not JSON");
            assertThat(send(server, "GET", "/local/v1/stacks/9bad", null).statusCode())
                    .isEqualTo(404);
            assertThat(send(server, "POST", "/local/v1/stacks", "{}").statusCode())
                    .isEqualTo(405);
        }
    }
}
