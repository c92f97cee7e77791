package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.model.watch.WatchResult;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 200 concurrent CreateService and DescribeServices calls from 16 threads: no error, no lost write. */
class ConcurrencyTest {

    private static final int SERVICES = 100;
    private static final int THREADS = 16;

    @TempDir
    Path data;

    @Test
    void concurrentCreatesAndDescribesAllSucceedAndAllWritesAreKept() throws Exception {
        try (ControlPlaneFixture fixture = new ControlPlaneFixture(data)) {
            SdkClients.cluster(fixture.ecs, "c", "ns");
            SdkClients.taskDefinition(fixture.ecs, "web", "http", 8080, "http");
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < SERVICES; i++) {
                String name = "svc-" + i;
                calls.add(() -> SdkClients.scService(fixture.ecs, "c", name, "web", "http", name, name + ".ns", 80, 1)
                        .serviceArn());
                calls.add(() -> fixture.ecs
                        .describeServices(b -> b.cluster("c").services(name))
                        .toString());
            }
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<String>> results;
            try {
                results = threads.invokeAll(calls, 120, TimeUnit.SECONDS);
            } finally {
                threads.shutdownNow();
            }
            for (Future<String> result : results) {
                assertThat(result.get()).isNotEmpty();
            }

            Set<String> listed = new HashSet<>();
            String token = null;
            do {
                String next = token;
                var page = fixture.ecs.listServices(
                        b -> b.cluster("c").maxResults(100).nextToken(next));
                listed.addAll(page.serviceArns());
                token = page.nextToken();
            } while (token != null);
            assertThat(listed).hasSize(SERVICES);
            assertThat(fixture.ecs
                            .listTasks(b -> b.cluster("c").maxResults(100))
                            .taskArns())
                    .hasSize(SERVICES);
            assertThat(fixture.cloudMap.listServices(b -> b.maxResults(100)).services())
                    .hasSize(SERVICES);

            String taskArn = fixture.ecs
                    .listTasks(b -> b.cluster("c").maxResults(1))
                    .taskArns()
                    .get(0);
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(fixture.server
                                            .endpoint()
                                            .resolve(
                                                    "/watch/v1/tasks/" + taskArn.substring(taskArn.lastIndexOf('/') + 1)
                                                            + "/proxy-config"))
                                    .header("Authorization", TestSigning.bearer(fixture.server.adminCredentials()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            ProxyConfig config = Json.mapper()
                    .readValue(response.body(), new TypeReference<WatchResult<ProxyConfig>>() {})
                    .value();
            assertThat(config.listeners())
                    .hasSize(SERVICES)
                    .extracting(ListenerConfig::bind)
                    .doesNotHaveDuplicates();
        }
    }
}
