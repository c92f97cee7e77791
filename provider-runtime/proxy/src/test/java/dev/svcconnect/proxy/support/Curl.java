package dev.svcconnect.proxy.support;

import java.util.ArrayList;
import java.util.List;

/** Runs the real {@code curl}. */
public final class Curl {

    private Curl() {}

    /** The result of one curl run: exit code, standard output and standard error. */
    public record Result(int exitCode, String out, String err) {}

    /** Runs {@code curl -sS --max-time 20 ARGS...}. */
    public static Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        command.addAll(List.of(args));
        Programs.Result result = Programs.run(command);
        return new Result(result.exitCode(), result.out(), result.err());
    }
}
