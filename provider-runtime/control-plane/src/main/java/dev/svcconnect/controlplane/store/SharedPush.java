package dev.svcconnect.controlplane.store;

import static java.util.Objects.requireNonNull;

/**
 * A push that a proxy or agent made to one replica (its metrics, its task's log lines), as {@link
 * Store#pushesOfOtherReplicas} gives it to the others.
 *
 * @param id grows with each push shared, across replicas
 * @param kind what the body is: {@code metrics} or {@code logs}
 * @param taskId the task it was pushed for
 * @param body the request body as the replica took it
 */
public record SharedPush(long id, String kind, String taskId, byte[] body) {

    public SharedPush {
        requireNonNull(kind, "kind");
        requireNonNull(taskId, "taskId");
        requireNonNull(body, "body");
    }
}
