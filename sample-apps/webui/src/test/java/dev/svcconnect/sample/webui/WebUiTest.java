package dev.svcconnect.sample.webui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.sample.appserver.AppServer;
import dev.svcconnect.sample.appserver.AppServerSettings;
import dev.svcconnect.sample.common.Env.HostAndPort;
import dev.svcconnect.sample.db.DbServer;
import dev.svcconnect.sample.db.DbSettings;
import dev.svcconnect.testsupport.Curl;
import dev.svcconnect.testsupport.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebUiTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static DbServer db;
    private static AppServer appServer;
    private static WebUi webUi;

    @BeforeAll
    static void startTheApplication() throws Exception {
        db = DbServer.start(new DbSettings("127.0.0.1", 0, Optional.empty(), "webui", "sa", ""));
        appServer = AppServer.start(new AppServerSettings(
                "127.0.0.1",
                0,
                db.clientUrl(),
                "sa",
                "",
                "Hello from the test",
                "appserver-1",
                Duration.ofMillis(100)));
        webUi = WebUi.start(settings(appServer.port()));
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/").statusCode() == 200);
    }

    @AfterAll
    static void stopTheApplication() {
        webUi.close();
        appServer.close();
        db.close();
    }

    @Test
    void showsTheGreetingAndWhichTasksServedThePage() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("X-Served-By")).hasValue("webui-1");
        assertThat(page.body())
                .contains("<p class=\"greeting\">Hello from the test</p>")
                .contains("<code class=\"webui-task\">webui-1</code>")
                .contains("<code class=\"appserver-task\">appserver-1</code>")
                .contains("<form method=\"post\" action=\"/items\">");
    }

    @Test
    void listsAnItemAddedThroughTheFormWithAJdkHttpClient() throws Exception {
        HttpResponse<String> added = postForm("name=" + URLEncoder.encode("green tea & honey", StandardCharsets.UTF_8));

        assertThat(added.statusCode()).isEqualTo(303);
        assertThat(added.headers().firstValue("Location")).hasValue("/");
        assertThat(get("/").body())
                .containsPattern("<li data-id=\"\\d+\">green tea &amp; honey <small>added by appserver-1");
    }

    @Test
    void listsAnItemAddedThroughTheFormWithCurl() throws Exception {
        String page = Curl.run(
                        "-L", "--data-urlencode", "name=added by curl", "http://127.0.0.1:" + webUi.port() + "/items")
                .out();

        assertThat(page).contains(">added by curl <small>added by appserver-1");
    }

    @Test
    void escapesHtmlInItemNames() throws Exception {
        String name = "<script>alert(\"owned\")</script> & 'quoted'";
        postForm("name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));

        assertThat(get("/").body())
                .contains("&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;")
                .doesNotContain("<script>");
    }

    @Test
    void rejectsAnEmptyItemWithA400Page() throws Exception {
        HttpResponse<String> empty = postForm("name=+++");
        HttpResponse<String> missing = postForm("other=x");

        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("The item name must not be empty").doesNotContain("Exception");
        assertThat(missing.statusCode()).isEqualTo(400);
    }

    @Test
    void rejectsAnOverlongItemName() throws Exception {
        HttpResponse<String> page = postForm("name=" + "x".repeat(201));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("The item name is 201 characters long (at most 200)");
    }

    @Test
    void rejectsAnOversizedFormWith413() throws Exception {
        HttpResponse<String> page = postForm("name=" + "x".repeat(FormBody.MAX_BYTES));

        assertThat(page.statusCode()).isEqualTo(413);
        assertThat(page.body()).contains("The form is 4101 bytes (at most 4096 bytes)");
    }

    @Test
    void rejectsAnOversizedChunkedFormWith413UsingCurl() throws Exception {
        String status = Curl.run(
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "-H",
                        "Transfer-Encoding: chunked",
                        "-H",
                        "Content-Type: application/x-www-form-urlencoded",
                        "--data-binary",
                        "name=" + "y".repeat(10_000),
                        "http://127.0.0.1:" + webUi.port() + "/items")
                .out();

        assertThat(status).isEqualTo("413");
    }

    @Test
    void rejectsAFormThatIsNotUrlEncoded() throws Exception {
        HttpResponse<String> json = HTTP.send(
                HttpRequest.newBuilder(uri("/items"))
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString("{\"name\":\"x\"}"))
                        .build(),
                BodyHandlers.ofString());
        HttpResponse<String> malformed = postForm("name=%zz");

        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("The form is not valid URL encoding");
    }

    @Test
    void answersAnUnknownPathWithAnEscaped404Page() throws Exception {
        HttpResponse<String> page = get("/%3Cb%3Enope");

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("There is no page at /%3Cb%3Enope").doesNotContain("<b>");
    }

    @Test
    void answersAWrongMethodWith405AndTheAllowedMethods() throws Exception {
        HttpResponse<String> page = get("/items");

        assertThat(page.statusCode()).isEqualTo(405);
        assertThat(page.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void answersHealthChecks() throws Exception {
        HttpResponse<String> health = get("/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
    }

    @Test
    void showsA503PageWithTheReasonWhenAppserverIsDown() throws Exception {
        try (WebUi orphan = WebUi.start(settings(FreePorts.next()))) {
            HttpResponse<String> page = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + orphan.port() + "/"))
                            .build(),
                    BodyHandlers.ofString());

            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.body()).contains("appserver is unavailable: ").doesNotContain("\tat ");
        }
    }

    private static WebUiSettings settings(int appserverPort) {
        return new WebUiSettings(
                "127.0.0.1", 0, new HostAndPort("127.0.0.1", appserverPort), Duration.ofSeconds(10), "webui-1");
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                BodyHandlers.ofString());
    }

    private static HttpResponse<String> postForm(String body) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri("/items"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(BodyPublishers.ofString(body))
                        .build(),
                BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + webUi.port() + path);
    }
}
