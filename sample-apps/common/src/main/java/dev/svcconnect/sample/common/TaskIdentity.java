package dev.svcconnect.sample.common;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which task is answering: {@code TASK_ID} when set (the host agent sets it), else
 * {@code HOSTNAME}, else this machine's host name.
 */
public final class TaskIdentity {

    private TaskIdentity() {}

    /** This task's identity, for pages and log lines. */
    public static String of(Env env) {
        return env.optional("TASK_ID").or(() -> env.optional("HOSTNAME")).orElseGet(TaskIdentity::hostName);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
