package dev.svcconnect.controlplane.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep against a real store: tasks seen stopped, or gone, are forgotten after the retention. */
class LogIngestTest {

    private static final String DEFINITION = "arn:aws:ecs:us-east-1:000000000000:task-definition/web:1";

    @TempDir
    Path data;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-27T10:00:00Z"));
    private Store store;
    private LogIngest ingest;

    @BeforeEach
    void start() {
        store = Store.open(data);
        LogTails tails = new LogTails(clock, 100, 10, 1 << 20, Duration.ofMinutes(5));
        ingest = new LogIngest(store, tails);
        store.write(tx -> {
            ObjectNode definition = Json.mapper().createObjectNode().put("taskDefinitionArn", DEFINITION);
            definition.putArray("containerDefinitions").addObject().put("name", "app");
            tx.put(
                    Table.TASK_DEFINITIONS,
                    DEFINITION,
                    DEFINITION.substring(0, DEFINITION.lastIndexOf(':')),
                    null,
                    definition);
            return null;
        });
        for (String id : new String[] {"running", "stopping", "deleted"}) {
            task(id, "RUNNING");
        }
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private void task(String id, String lastStatus) {
        store.write(tx -> {
            ObjectNode task = Json.mapper()
                    .createObjectNode()
                    .put("taskArn", "arn:aws:ecs:us-east-1:000000000000:task/east/" + id)
                    .put("taskDefinitionArn", DEFINITION)
                    .put("lastStatus", lastStatus);
            tx.put(Table.TASKS, id, "east", null, task);
            return null;
        });
    }

    private void push(String id, String line) {
        ingest.accept(id, ("{\"containers\": {\"app\": [\"" + line + "\"]}}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tasksStoppedOrGoneAreForgottenFiveMinutesAfterASweepSawThem() {
        push("running", "still here");
        push("stopping", "bye");
        push("deleted", "gone");
        task("stopping", "STOPPED");
        store.write(tx -> {
            tx.delete(Table.TASKS, "deleted");
            return null;
        });

        ingest.sweep();
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        ingest.sweep();
        assertThat(ingest.tails().taskIds()).containsExactlyInAnyOrder("running", "stopping", "deleted");

        clock.advance(Duration.ofMillis(1));
        ingest.sweep();

        assertThat(ingest.tails().taskIds()).containsExactly("running");
        assertThat(ingest.tails().tail("running").containers().get("app")).containsExactly("still here");
    }

    @Test
    void aTaskDeletedAfterItsFirstPushIsAnswered404OnceASweepSawItGone() {
        push("deleted", "first");
        store.write(tx -> {
            tx.delete(Table.TASKS, "deleted");
            return null;
        });

        ingest.sweep();

        assertThatThrownBy(() -> push("deleted", "late"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
}
