package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.host.HostAgent;
import dev.svcconnect.agent.task.TaskFiles;
import dev.svcconnect.controlplane.server.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.Service;

/** The basic call path: a client task calls a service by its client alias and reaches every task. */
class CallPathTest {

    @TempDir
    Path data;

    @ParameterizedTest(name = "{0} isolation")
    @ValueSource(strings = {"netns", "loopback"})
    void aClientTaskReachesEveryServerTaskByItsClientAliasAndNothingIsLeftBehind(String isolation) throws Exception {
        try (Hosts hosts = new Hosts(data)) {
            clientReachesEveryServerTask(hosts, isolation);
        }
    }

    /**
     * The same path with the control plane on {@code https://} and its generated CA: the agent
     * joins and watches over TLS, the sidecars watch their configuration and push metrics over TLS
     * (netns: through the agent's relay, which is the TLS client; loopback: with {@code --ca-bundle}).
     */
    @ParameterizedTest(name = "{0} isolation")
    @ValueSource(strings = {"netns", "loopback"})
    void overTlsTheAgentJoinsAndTheSidecarsFollowTheirConfiguration(String isolation) throws Exception {
        try (Hosts hosts = new Hosts(data, TlsSettings.generated())) {
            assertThat(hosts.controlPlane.endpoint().getScheme()).isEqualTo("https");
            clientReachesEveryServerTask(hosts, isolation);
        }
    }

    private static void clientReachesEveryServerTask(Hosts hosts, String isolation) throws Exception {
        Workloads workloads = new Workloads(hosts.ecs);
        workloads.cluster("svc-cluster-1");
        HostAgent agent = hosts.agent("svc-cluster-1", isolation, false);
        workloads.httpServer("server", "svc-cluster-1", 2, "server", "server.svc", 80, ApplicationProtocol.HTTP);
        workloads.client("client", "svc-cluster-1");
        workloads.awaitRunning("svc-cluster-1", "server", 2);
        workloads.awaitRunning("svc-cluster-1", "client", 1);

        Set<String> servers = new HashSet<>(workloads.taskIds("svc-cluster-1", "server"));
        String client = workloads.taskIds("svc-cluster-1", "client").get(0);
        List<String> curl = curl(isolation, hosts, agent, client, "server.svc", 80);

        Set<String> answered = new HashSet<>();
        // Converging: a first call through a just-started proxy and server may time out on a loaded
        // machine; the strict part is the ten calls after it.
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    answered.add(Hosts.run(curl).trim());
                    assertThat(answered).containsAll(servers);
                });
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(Hosts.run(curl).trim());
        }
        assertThat(servers).containsAll(answers);
        Service server = workloads.service("svc-cluster-1", "server");
        assertThat(server.runningCount()).isEqualTo(2);
    }

    /** curl as a program inside the client task: in its namespace, or with the alias its hosts file gives. */
    static List<String> curl(String isolation, Hosts hosts, HostAgent agent, String client, String alias, int port)
            throws Exception {
        String url = "http://" + alias + ":" + port + "/";
        if (isolation.equals("netns")) {
            String namespace = agent.networkName(client).orElseThrow();
            return List.of("ip", "netns", "exec", namespace, "curl", "-sS", "--max-time", "5", url);
        }
        Path hostsFile = TaskFiles.directory(hosts.dataOf(0), client).resolve("hosts");
        String address = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> Files.readAllLines(hostsFile).stream()
                                .filter(line -> line.endsWith(" " + alias))
                                .map(line -> line.split(" ")[0])
                                .findFirst()
                                .orElse(null),
                        a -> a != null);
        return List.of("curl", "-sS", "--max-time", "5", "--resolve", alias + ":" + port + ":" + address, url);
    }
}
