package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.auth.AuditLog;
import dev.svcconnect.controlplane.mesh.MeshCaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates that live 30 seconds, renewed under load: a client task calls two server tasks over
 * HTTP/1.1, gRPC and TCP, every hop mutual TLS, for two minutes, through several renewals of every
 * sidecar's certificate; not one call fails.
 */
@Tag("chaos")
class MutualTlsRotationChaosTest {

    private static final String CLUSTER = "svc-cluster-1";
    private static final Duration CERTIFICATE_LIFE = Duration.ofSeconds(30);
    private static final Duration LOAD = Duration.ofMinutes(2);

    @TempDir
    Path data;

    @Test
    void twoMinutesOfThirtySecondCertificatesFailNoCallOverHttpGrpcOrTcp() throws Exception {
        try (Hosts hosts = new Hosts(data, MeshCaSettings.defaults().withWorkloadCertificateTtl(CERTIFICATE_LIFE))) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            hosts.agent(CLUSTER, "netns", false);
            List<String> servers = workloads.chaosServersAndClient(CLUSTER);
            String client = workloads.taskIds(CLUSTER, "client").get(0);

            try (ChaosLoad load = ChaosLoad.in(Faults.namespaceOf(hosts.dataOf(0), client))) {
                load.awaitAnswersFrom(servers, Duration.ofSeconds(90));
                long issuedBefore = certificatesIssued();
                long started = System.nanoTime();
                Thread.sleep(LOAD.toMillis());
                load.close();
                long issued = certificatesIssued() - issuedBefore;

                System.out.printf(
                        "mutual TLS, %d-second certificates, %d s of load: %d certificates issued%n%s",
                        CERTIFICATE_LIFE.toSeconds(), LOAD.toSeconds(), issued, load.figures(started));
                // Three sidecars, each renewing about every 20 s: at least four renewals each in two minutes.
                assertThat(issued).isGreaterThanOrEqualTo(12);
                assertThat(load.callsSince(started))
                        .extracting(ChaosLoad.Call::protocol)
                        .contains("http", "grpc", "tcp");
                assertThat(load.callsSince(started))
                        .filteredOn(ChaosLoad.Call::failed)
                        .isEmpty();
            }
        }
    }

    /** The certificates the control plane signed so far, as its audit log records them. */
    private long certificatesIssued() throws Exception {
        try (var lines = Files.lines(data.resolve("control-plane").resolve(AuditLog.FILE_NAME))) {
            return lines.filter(line -> line.contains("/certificate") && line.contains("\"outcome\":\"ok\""))
                    .count();
        }
    }
}
