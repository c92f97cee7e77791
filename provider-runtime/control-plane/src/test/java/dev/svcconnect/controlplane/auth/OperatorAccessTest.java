package dev.svcconnect.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.controlplane.server.TlsSettings;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.tls.CaBundle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console, {@code GET /metrics} and the stack records: open on loopback, a reader's or admin's key elsewhere. */
class OperatorAccessTest {

    @TempDir
    Path data;

    /** A client that trusts the CA of the control plane under test (off loopback it speaks only TLS). */
    private HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(URI uri, String method, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.ofString("{\"stackName\":\"s\",\"resources\":[]}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onANonLoopbackBindTheConsoleAndMetricsNeedAReaderAndStacksAnAdmin() throws Exception {
        try (ControlPlaneServer server = ControlPlaneServer.start(ControlPlaneConfig.builder()
                .bind("0.0.0.0")
                .port(0)
                .dataDirectory(data)
                .tls(TlsSettings.generated())
                .build())) {
            http = CaBundle.httpClient(
                            Optional.of(CaBundle.read(server.caCertificate().orElseThrow())))
                    .build();
            URI base = URI.create("https://127.0.0.1:" + server.port());
            AccessKey admin = server.adminCredentials();
            JsonNode reader = TestSigning.call(
                    http,
                    base,
                    admin,
                    "CreateAccessKey",
                    Json.mapper().createObjectNode().put("Role", "reader").put("Name", "prometheus"));
            String readerBearer = "Bearer " + reader.get("AccessKeyId").asText() + ":"
                    + reader.get("SecretAccessKey").asText();

            HttpResponse<String> anonymous = send(base.resolve("/metrics"), "GET", null);
            assertThat(anonymous.statusCode()).isEqualTo(403);
            assertThat(anonymous.body()).contains("MissingAuthenticationTokenException");
            assertThat(send(base.resolve("/metrics"), "GET", readerBearer).statusCode())
                    .isEqualTo(200);
            assertThat(send(base.resolve("/console/api/namespaces"), "GET", readerBearer)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(send(base.resolve("/console/api/namespaces"), "GET", null)
                            .statusCode())
                    .isEqualTo(403);
            assertThat(send(base.resolve("/health"), "GET", null).statusCode()).isEqualTo(200);

            HttpResponse<String> put = send(base.resolve("/local/v1/stacks/s"), "PUT", readerBearer);
            assertThat(put.statusCode()).isEqualTo(403);
            assertThat(put.body()).contains("AccessDeniedException").contains("reader 'prometheus'");
            assertThat(send(base.resolve("/local/v1/stacks"), "GET", readerBearer)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aBrowserLogsInWithAReaderKeyAndGetsAnHttpOnlyStrictSessionCookie() throws Exception {
        try (ControlPlaneServer server = ControlPlaneServer.start(ControlPlaneConfig.builder()
                .bind("0.0.0.0")
                .port(0)
                .dataDirectory(data)
                .tls(TlsSettings.generated())
                .build())) {
            http = CaBundle.httpClient(
                            Optional.of(CaBundle.read(server.caCertificate().orElseThrow())))
                    .build();
            URI base = URI.create("https://127.0.0.1:" + server.port());
            JsonNode reader = TestSigning.call(
                    http,
                    base,
                    server.adminCredentials(),
                    "CreateAccessKey",
                    Json.mapper().createObjectNode().put("Role", "reader").put("Name", "browser"));

            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(base.resolve("/console")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(303);
            assertThat(page.headers().firstValue("Location")).hasValue("/console/login");
            assertThat(http.send(
                                    HttpRequest.newBuilder(base.resolve("/console/login"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("<form method=\"post\" action=\"/console/login\">");

            HttpResponse<String> wrong = login(base, reader.get("AccessKeyId").asText(), "wrong");
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

            HttpResponse<String> login = login(
                    base,
                    reader.get("AccessKeyId").asText(),
                    reader.get("SecretAccessKey").asText());
            assertThat(login.statusCode()).isEqualTo(303);
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie)
                    .startsWith("svcc_session=")
                    .contains("HttpOnly")
                    .contains("SameSite=Strict");
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            assertThat(withCookie(base.resolve("/console/api/namespaces"), "GET", cookie))
                    .isEqualTo(200);
            assertThat(withCookie(base.resolve("/console"), "GET", cookie)).isEqualTo(200);

            assertThat(withCookie(base.resolve("/console/logout"), "POST", cookie))
                    .isEqualTo(303);
            assertThat(withCookie(base.resolve("/console/api/namespaces"), "GET", cookie))
                    .isEqualTo(403);
        }
    }

    /** The status of a request with a {@code Cookie} header. */
    private int withCookie(URI uri, String method, String cookie) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(uri)
                                .header("Cookie", cookie)
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private HttpResponse<String> login(URI base, String id, String secret) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve("/console/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("accessKeyId=" + id + "&secretAccessKey=" + secret))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onLoopbackTheyStayOpen() throws Exception {
        try (ControlPlaneServer server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build())) {
            assertThat(send(server.endpoint().resolve("/metrics"), "GET", null).statusCode())
                    .isEqualTo(200);
            assertThat(send(server.endpoint().resolve("/console/api/namespaces"), "GET", null)
                            .statusCode())
                    .isEqualTo(200);
        }
    }
}
