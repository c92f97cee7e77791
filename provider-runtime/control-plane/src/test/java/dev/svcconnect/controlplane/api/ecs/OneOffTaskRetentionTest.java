package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.AwsJsonApi;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopped tasks, one-off or of a service, are forgotten an hour after they stopped, as ECS forgets
 * them, by the sweep the server runs ({@link Task#forgetStopped}); on a clock the test moves.
 */
class OneOffTaskRetentionTest {

    @TempDir
    Path data;

    private final TestClock clock = new TestClock();
    private Store store;
    private AwsJsonApi ecs;
    private ResourceNames names;

    @BeforeEach
    void start() {
        store = Store.open(data);
        names = new ResourceNames("000000000000", "us-east-1", clock);
        EcsRegistry registry = new EcsRegistry(names, new CloudMap(names));
        Scheduler scheduler = new Scheduler(registry);
        ecs = new EcsApi(store, registry, scheduler, new HostRegistry(registry, scheduler)).api();
        call("CreateCluster", "{\"clusterName\": \"jobs\"}");
        call(
                "RegisterTaskDefinition",
                "{\"family\": \"job\", \"networkMode\": \"awsvpc\", \"requiresCompatibilities\": [\"FARGATE\"],"
                        + " \"cpu\": \"256\", \"memory\": \"512\", \"containerDefinitions\": [{\"name\": \"job\"}]}");
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private ObjectNode call(String operation, String body) {
        try {
            return ecs.operations()
                    .get(operation)
                    .handle(new Params(
                            (ObjectNode) Json.mapper().readTree(body), "InvalidParameterException", "us-east-1"));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(body, e);
        }
    }

    private String runTask() {
        return call("RunTask", "{\"cluster\": \"jobs\", \"taskDefinition\": \"job\", \"launchType\": \"FARGATE\"}")
                .get("tasks")
                .get(0)
                .get("taskArn")
                .asText();
    }

    private boolean known(String taskArn) {
        Boolean found = store.read(tx -> Task.find(tx, taskArn).isPresent());
        return found;
    }

    private int sweep() {
        return store.write(tx -> Task.forgetStopped(tx, names.now()));
    }

    @Test
    void aStoppedTaskIsForgottenByTheSweepAnHourAfterItStopped() {
        String first = runTask();
        String running = runTask();
        call("StopTask", "{\"cluster\": \"jobs\", \"task\": \"" + first + "\"}");

        clock.advance(Duration.ofMinutes(59));
        assertThat(sweep()).isZero();
        assertThat(known(first)).isTrue();

        clock.advance(Duration.ofMinutes(2));
        assertThat(sweep()).isEqualTo(1);
        assertThat(known(first)).isFalse();
        assertThat(known(running)).isTrue();
    }
}
