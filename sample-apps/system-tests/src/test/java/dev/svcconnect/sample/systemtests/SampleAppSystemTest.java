package dev.svcconnect.sample.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.sample.items.v1.Item;
import dev.svcconnect.sample.items.v1.ItemsGrpc;
import dev.svcconnect.sample.items.v1.WatchItemsRequest;
import dev.svcconnect.testsupport.Curl;
import dev.svcconnect.testsupport.FreePorts;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The three runnable jars as processes on loopback: webui -> appserver -> db. */
class SampleAppSystemTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<ServiceProcess> processes = new ArrayList<>();
    private final int dbPort = FreePorts.next();
    private final int appserverPort = FreePorts.next();
    private final int webuiPort = FreePorts.next();

    @AfterEach
    void stopEveryProcess() throws InterruptedException {
        for (ServiceProcess process : processes) {
            process.close();
        }
    }

    @Test
    void anItemAddedThroughTheFormIsListedAndStreamedAndEveryServiceStopsCleanlyOnSigterm() throws Exception {
        ServiceProcess db = startDb();
        ServiceProcess appserver = startAppServer("Hello from the system test");
        ServiceProcess webui = startWebUi();
        for (ServiceProcess process : List.of(db, appserver, webui)) {
            process.awaitReady();
        }
        awaitPage(200);
        assertThat(healthCheck("db", dbEnvironment())).startsWith("db healthy: jdbc:h2:tcp://127.0.0.1:");
        assertThat(healthCheck("appserver", appserverEnvironment("x")))
                .startsWith("appserver healthy: ")
                .endsWith("is SERVING\n");
        assertThat(healthCheck("webui", webuiEnvironment())).endsWith("/health answered 200\n");

        String afterCurl = Curl.run(
                        "--fail-with-body",
                        "-L",
                        "--data-urlencode",
                        "name=<b>bold</b> tea",
                        "http://127.0.0.1:" + webuiPort + "/items")
                .out();
        HttpResponse<String> added = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webuiPort + "/items"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(BodyPublishers.ofString("name=" + URLEncoder.encode("green tea", StandardCharsets.UTF_8)))
                        .build(),
                BodyHandlers.ofString());
        HttpResponse<String> page = page();

        assertThat(afterCurl).contains("&lt;b&gt;bold&lt;/b&gt; tea").contains("Hello from the system test");
        assertThat(added.statusCode()).isEqualTo(303);
        assertThat(page.body())
                .contains(">green tea <small>added by appserver-task-1")
                .contains("2 items");
        assertThat(streamedNames(2)).containsExactly("<b>bold</b> tea", "green tea");

        assertThat(webui.terminate()).isEqualTo(143);
        assertThat(appserver.terminate()).isEqualTo(143);
        assertThat(db.terminate()).isEqualTo(143);
        for (ServiceProcess process : List.of(db, appserver, webui)) {
            assertThat(process.output())
                    .contains(" stopping\n")
                    .contains(" stopped\n")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void appserverWaitsForADbThatStartsLast() throws Exception {
        ServiceProcess appserver = startAppServer("Hello").awaitReady();
        startWebUi().awaitReady();
        ServiceProcess unhealthy = start("appserver", appserverEnvironment("Hello"), "health");
        assertThat(unhealthy.awaitExit()).isEqualTo(1);
        assertThat(unhealthy.output()).endsWith("is NOT_SERVING\n");
        HttpResponse<String> early = page();
        assertThat(early.statusCode()).isEqualTo(503);
        assertThat(early.body()).contains("appserver is unavailable: database not ready");

        startDb().awaitReady();
        awaitPage(200);
        String page = Curl.run("-L", "-d", "name=late+but+there", "http://127.0.0.1:" + webuiPort + "/items")
                .out();

        assertThat(page).contains(">late but there <small>");
        assertThat(appserver.output())
                .contains("db not reachable at")
                .containsPattern("db ready at .* after \\d+ attempt");
    }

    @Test
    void aBadSettingExitsWithCode2AndAOneLineReason() throws Exception {
        ServiceProcess db = start("db", Map.of("DB_PORT", "99999"));
        ServiceProcess webui = start("webui", Map.of("APPSERVER_URL", "appserver:8080"));

        assertThat(db.awaitExit()).isEqualTo(2);
        assertThat(db.output()).endsWith("db bad setting: DB_PORT: 99999 (expected: 0-65535)\n");
        assertThat(webui.awaitExit()).isEqualTo(2);
        assertThat(webui.output())
                .endsWith("webui bad setting: APPSERVER_URL: appserver:8080 (expected: a URL like grpc://host:port)\n");
    }

    @Test
    void aTakenPortExitsWithCode1AndSaysSo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            List<ServiceProcess> services = List.of(
                    start("db", Map.of("DB_PORT", port)),
                    start("appserver", Map.of("APP_PORT", port)),
                    start("webui", Map.of("WEBUI_PORT", port)));

            for (ServiceProcess service : services) {
                assertThat(service.awaitExit()).isEqualTo(1);
                assertThat(service.output())
                        .containsIgnoringCase("failed to start: ")
                        .containsIgnoringCase("in use")
                        .doesNotContain("\tat ");
            }
        }
    }

    private ServiceProcess startDb() throws IOException {
        return start("db", dbEnvironment());
    }

    private ServiceProcess startAppServer(String greeting) throws IOException {
        return start("appserver", appserverEnvironment(greeting));
    }

    private ServiceProcess startWebUi() throws IOException {
        return start("webui", webuiEnvironment());
    }

    private Map<String, String> dbEnvironment() {
        return Map.of("DB_BIND", "127.0.0.1", "DB_PORT", Integer.toString(dbPort));
    }

    private Map<String, String> appserverEnvironment(String greeting) {
        return Map.of(
                "APP_BIND",
                "127.0.0.1",
                "APP_PORT",
                Integer.toString(appserverPort),
                "DB_URL",
                "jdbc:h2:tcp://127.0.0.1:" + dbPort + "/mem:items",
                "APP_GREETING",
                greeting,
                "TASK_ID",
                "appserver-task-1");
    }

    private Map<String, String> webuiEnvironment() {
        return Map.of(
                "WEBUI_BIND",
                "127.0.0.1",
                "WEBUI_PORT",
                Integer.toString(webuiPort),
                "APPSERVER_URL",
                "grpc://127.0.0.1:" + appserverPort,
                "TASK_ID",
                "webui-task-1");
    }

    private String healthCheck(String name, Map<String, String> environment) throws Exception {
        ServiceProcess check = start(name, environment, "health");
        assertThat(check.awaitExit()).as(check.output()).isZero();
        return check.output();
    }

    private ServiceProcess start(String name, Map<String, String> environment, String... arguments) throws IOException {
        ServiceProcess process = ServiceProcess.start(name, environment, arguments);
        processes.add(process);
        return process;
    }

    private List<String> streamedNames(int count) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", appserverPort, InsecureChannelCredentials.create())
                .build();
        try (Context.CancellableContext watching = Context.current().withCancellation()) {
            Iterator<Item> stream = watching.call(() -> ItemsGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .watchItems(WatchItemsRequest.newBuilder().setFollow(true).build()));
            List<String> names = new ArrayList<>();
            while (names.size() < count) {
                names.add(stream.next().getName());
            }
            watching.cancel(null);
            return names;
        } catch (Exception e) {
            throw new AssertionError("WatchItems failed", e);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private void awaitPage(int status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> page().statusCode() == status);
    }

    private HttpResponse<String> page() throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webuiPort + "/"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                BodyHandlers.ofString());
    }
}
