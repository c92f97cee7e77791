package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos: of four server tasks, one answers 2 s late and one is black-holed (every packet dropped).
 * Over HTTP/1.1 and gRPC the per-request timeout (1 s) answers 504 instead of waiting, and outlier
 * ejection takes both out after 5 consecutive failures each; TCP, which has no request to time,
 * ejects the black-holed task on its connect failures and reaches the slow one slowly. Failed
 * calls stay within the ejection rule and no call waits past the timeouts.
 */
@Tag("chaos")
class SlowAndBlackHoledEndpointChaosTest {

    private static final String CLUSTER = "svc-cluster-1";
    private static final int PER_REQUEST_TIMEOUT_SECONDS = 1;
    private static final Duration DELAY = Duration.ofSeconds(2);
    /** Shorter than the first ejection (30 s): the window shows the failures until both are ejected. */
    private static final Duration FAULT = Duration.ofSeconds(25);

    private static final int EJECTION_FAILURES = 5;
    /** The proxy's upstream connect timeout (Http1UpstreamPool, Http2UpstreamPool, TcpFrontendHandler). */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path data;

    @Test
    void aSlowAndABlackHoledTaskAreTimedOutAndEjectedAndTheOtherCallsStayBounded() throws Exception {
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            hosts.agent(CLUSTER, "netns", false);
            workloads.chaosServer("server", CLUSTER, 4, PER_REQUEST_TIMEOUT_SECONDS);
            workloads.client("client", CLUSTER);
            workloads.awaitRunning(CLUSTER, "server", 4);
            workloads.awaitRunning(CLUSTER, "client", 1);
            List<String> servers = workloads.taskIds(CLUSTER, "server");
            String slow = servers.get(0);
            String blackHoled = servers.get(1);
            String client = workloads.taskIds(CLUSTER, "client").get(0);
            Path agentData = hosts.dataOf(0);

            try (ChaosLoad load = ChaosLoad.in(Faults.namespaceOf(agentData, client))) {
                load.awaitAnswersFrom(servers, Duration.ofSeconds(90));
                load.assertMutualTlsTo(hosts.ecs, CLUSTER, servers.get(0));
                long faultAt = System.nanoTime();
                Faults.slow(agentData, slow, DELAY);
                Faults.blackHole(agentData, blackHoled);
                Thread.sleep(FAULT.toMillis());
                Faults.slow(agentData, slow, Duration.ZERO);
                Faults.restore(agentData, blackHoled);
                load.close();

                System.out.printf(
                        "chaos slow (%d ms) and black-holed task of 4, per-request timeout %d s, %d s:%n%s",
                        DELAY.toMillis(), PER_REQUEST_TIMEOUT_SECONDS, FAULT.toSeconds(), load.figures(faultAt));
                List<ChaosLoad.Call> calls = load.callsSince(faultAt);
                for (String protocol : ChaosLoad.PROTOCOLS) {
                    assertThat(calls)
                            .as("failed %s calls", protocol)
                            .filteredOn(c -> c.failed() && c.protocol().equals(protocol))
                            .hasSizeLessThanOrEqualTo(2 * EJECTION_FAILURES);
                }
                long bound = Duration.ofSeconds(PER_REQUEST_TIMEOUT_SECONDS)
                        .plus(CONNECT_TIMEOUT)
                        .toMillis();
                assertThat(calls)
                        .filteredOn(c -> !c.protocol().equals("tcp"))
                        .allSatisfy(c -> assertThat(c.millis()).isLessThan(bound));
            }
        }
    }
}
