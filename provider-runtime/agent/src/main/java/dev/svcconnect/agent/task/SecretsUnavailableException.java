package dev.svcconnect.agent.task;

/**
 * The secrets of a task's containers cannot be had: a parameter that does not exist, a secret the
 * control plane cannot serve, or no answer. The task stops before any container starts, with
 * {@link #getMessage()} as its reason: {@code ResourceInitializationError: unable to pull secrets
 * or registry auth: ...}, as ECS says it.
 */
public final class SecretsUnavailableException extends java.io.IOException {

    private static final long serialVersionUID = 1L;

    /** The type of error ECS gives a task whose secrets it cannot fetch. */
    public static final String TYPE = "ResourceInitializationError";

    /** @param detail what failed, after the {@code unable to pull secrets or registry auth: } that ECS says */
    public SecretsUnavailableException(String detail) {
        super(TYPE + ": " + detail);
    }
}
