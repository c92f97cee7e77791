package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.agent.task.TaskRunner;
import java.io.IOException;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Checks, from inside a client task, that the hops between proxies of the chaos scenarios are
 * mutual TLS, the default of every namespace: a server task's inbound gRPC listener answers a TLS 1.3
 * handshake with a certificate naming {@code spiffe://svc-connect.local/ns/svc-namespace/svc/rpc},
 * and its inbound HTTP listener gives a plaintext request no answer.
 */
final class MeshHops {

    /** The inbound ports the agent gives the chaos server's services, in their order: web, rpc, tcp. */
    private static final int WEB_INBOUND_PORT = TaskRunner.FIRST_INGRESS_PORT;

    private static final int RPC_INBOUND_PORT = TaskRunner.FIRST_INGRESS_PORT + 1;

    static final String RPC_IDENTITY = "spiffe://svc-connect.local/ns/" + Workloads.NAMESPACE + "/svc/rpc";

    private MeshHops() {}

    /** Asserts the above for {@code serverTaskId}, seen from {@code clientNamespace}; prints the evidence. */
    static void assertMutualTls(EcsClient ecs, String cluster, String clientNamespace, String serverTaskId)
            throws IOException, InterruptedException {
        String address = address(ecs, cluster, serverTaskId);
        String handshake = Hosts.run(List.of(
                "ip",
                "netns",
                "exec",
                clientNamespace,
                "sh",
                "-c",
                "sleep 2 | timeout 10 openssl s_client -brief -connect " + address + ":" + RPC_INBOUND_PORT
                        + " -alpn h2 2>&1;"
                        + " echo | timeout 10 openssl s_client -connect " + address + ":" + RPC_INBOUND_PORT
                        + " 2>/dev/null | openssl x509 -noout -ext subjectAltName;"
                        + " curl -sS --max-time 5 http://" + address + ":" + WEB_INBOUND_PORT + "/ 2>&1;"
                        + " echo \"plaintext HTTP: curl exit $?\""));
        System.out.printf("chaos mutual TLS between the proxies, from the client task to %s:%n%s", address, handshake);
        assertThat(handshake)
                .contains("Protocol version: TLSv1.3")
                .contains("URI:" + RPC_IDENTITY)
                .containsPattern("plaintext HTTP: curl exit [1-9]");
    }

    private static String address(EcsClient ecs, String cluster, String taskId) {
        Task task =
                ecs.describeTasks(b -> b.cluster(cluster).tasks(taskId)).tasks().get(0);
        return task.containers().get(0).networkInterfaces().get(0).privateIpv4Address();
    }
}
