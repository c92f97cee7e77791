package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.EcsException;

/**
 * Chaos: the control plane's data directory is a small tmpfs, and it fills up. Writes fail with
 * an error that says so, the control plane keeps answering reads, the proxies keep routing, and
 * once space returns writes succeed again; after a restart every acknowledged write is there.
 * Mounts and unmounts the tmpfs, so it runs as root.
 */
@Tag("chaos")
class ControlPlaneDiskFullChaosTest {

    private static final String CLUSTER = "svc-cluster-1";
    private static final String TMPFS_SIZE = "16m";

    @TempDir
    Path data;

    @Test
    void aFullDiskFailsWritesClearlyKeepsReadsAndRoutingAndLosesNothingAcknowledged() throws Exception {
        Path disk = Files.createDirectories(data.resolve("control-plane-disk"));
        Hosts.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs", disk.toString()));
        try {
            fillTheDiskUnderLoad(disk);
        } finally {
            Hosts.run(List.of("umount", disk.toString()));
        }
    }

    private void fillTheDiskUnderLoad(Path disk) throws Exception {
        try (Hosts hosts = new Hosts(data, disk.resolve("store"))) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            hosts.agent(CLUSTER, "netns", false);
            List<String> servers = workloads.chaosServersAndClient(CLUSTER);
            String client = workloads.taskIds(CLUSTER, "client").get(0);
            List<String> acknowledged = new ArrayList<>();

            try (ChaosLoad load = ChaosLoad.in(Faults.namespaceOf(hosts.dataOf(0), client))) {
                load.awaitAnswersFrom(servers, Duration.ofSeconds(90));
                load.assertMutualTlsTo(hosts.ecs, CLUSTER, servers.get(0));
                for (int i = 0; i < 3; i++) {
                    acknowledged.add(createCluster(hosts, "before-" + i));
                }
                long full = System.nanoTime();
                long filled = fill(disk.resolve("filler"));

                List<String> errors = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String name = "while-full-" + i;
                    EcsException error = catchThrowableOfType(() -> createCluster(hosts, name), EcsException.class);
                    if (error == null) {
                        acknowledged.add(name);
                    } else {
                        errors.add(error.awsErrorDetails().errorCode() + ": "
                                + error.awsErrorDetails().errorMessage());
                    }
                }
                List<String> listed = hosts.ecs.listClusters().clusterArns();
                assertThat(workloads.service(CLUSTER, "server").runningCount()).isEqualTo(2);
                Thread.sleep(10_000);
                long freed = System.nanoTime();
                Files.delete(disk.resolve("filler"));
                String after = createCluster(hosts, "after");
                acknowledged.add(after);
                load.awaitAnswersFrom(servers, Duration.ofSeconds(30));
                load.close();

                hosts.stopControlPlane();
                hosts.startControlPlaneAgain();
                List<String> readBack = hosts.ecs.listClusters().clusterArns().stream()
                        .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
                        .toList();
                System.out.printf(
                        "chaos control plane disk full (tmpfs %s, filler %d KiB): %d of 20 writes refused (%s),"
                                + " %d acknowledged; full for %d ms%n%s",
                        TMPFS_SIZE,
                        filled / 1024,
                        errors.size(),
                        errors.isEmpty() ? "-" : errors.get(0),
                        acknowledged.size(),
                        (freed - full) / 1_000_000,
                        load.figures(full));
                assertThat(errors).isNotEmpty().allSatisfy(e -> assertThat(e).contains("no space left"));
                assertThat(listed).hasSizeGreaterThanOrEqualTo(1 + 3);
                assertThat(readBack).containsAll(acknowledged);
                assertThat(load.callsSince(full))
                        .filteredOn(ChaosLoad.Call::failed)
                        .isEmpty();
            }
        }
    }

    private static String createCluster(Hosts hosts, String name) {
        return hosts.ecs.createCluster(b -> b.clusterName(name)).cluster().clusterName();
    }

    /** Writes zeros to {@code file} until the file system is full; answers how many bytes went in. */
    private static long fill(Path file) throws IOException {
        long written = 0;
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        return written;
    }
}
