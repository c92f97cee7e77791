package dev.svcconnect.agent.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.agent.logs.Delivery;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.logs.TaskLogLines;
import dev.svcconnect.model.watch.TaskReport;
import dev.svcconnect.model.watch.TaskSecrets;
import dev.svcconnect.model.watch.WatchResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * The control plane as a task sees it, for tests: keeps every report in order (as the JSON it
 * sends), with what an
 * observer saw of the task at that moment; the task's hosts never change; log lines are taken.
 */
final class RecordingControlPlaneLink implements ControlPlaneLink {

    /** One report and what the observer saw when it arrived. */
    record Report(String taskId, ObjectNode state, String observed) {

        String lastStatus() {
            return state.path("lastStatus").asText();
        }
    }

    private final List<Report> reports = new CopyOnWriteArrayList<>();
    private final Supplier<String> observer;
    private volatile TaskSecrets secrets = TaskSecrets.none();
    private volatile String secretsRefusal;
    private final List<String> secretsAskedFor = new CopyOnWriteArrayList<>();

    /** @param observer what to note of the task at each report (for example a file's content) */
    RecordingControlPlaneLink(Supplier<String> observer) {
        this.observer = observer;
    }

    RecordingControlPlaneLink() {
        this(() -> "");
    }

    @Override
    public void report(String taskId, TaskReport state) {
        reports.add(new Report(taskId, Json.mapper().valueToTree(state), observer.get()));
    }

    /** Waits until the task's hosts watcher is interrupted: the hosts never change. */
    @Override
    public Optional<WatchResult<JsonNode>> hosts(String taskId, long revision) throws InterruptedException {
        new CountDownLatch(1).await();
        return Optional.empty();
    }

    /** Answers these secrets from now on. */
    void answerSecrets(TaskSecrets secrets) {
        this.secrets = secrets;
    }

    /** Refuses the secrets from now on, as a control plane missing a parameter does. */
    void refuseSecrets(String detail) {
        this.secretsRefusal = detail;
    }

    @Override
    public TaskSecrets secrets(String taskId) throws SecretsUnavailableException {
        secretsAskedFor.add(taskId);
        if (secretsRefusal != null) {
            throw new SecretsUnavailableException(secretsRefusal);
        }
        return secrets;
    }

    /** The tasks whose secrets were asked for, in order. */
    List<String> secretsAskedFor() {
        return List.copyOf(secretsAskedFor);
    }

    /** A key of the task's id, so that a test can see which sidecar got which. */
    @Override
    public String proxyKey(String taskId) {
        return "SVCCTEST:" + taskId;
    }

    @Override
    public Delivery shipLogs(String taskId, TaskLogLines lines) {
        return Delivery.DELIVERED;
    }

    List<Report> reports() {
        return List.copyOf(reports);
    }

    /** The {@code lastStatus} of each report, in order. */
    List<String> statuses() {
        return reports.stream().map(Report::lastStatus).toList();
    }

    /** The last report of that status. */
    Report last(String lastStatus) {
        return reports.stream()
                .filter(r -> r.lastStatus().equals(lastStatus))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no " + lastStatus + " report in " + statuses()));
    }
}
