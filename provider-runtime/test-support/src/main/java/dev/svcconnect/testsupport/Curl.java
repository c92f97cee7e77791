package dev.svcconnect.testsupport;

import java.util.ArrayList;
import java.util.List;

/** Runs the real {@code curl}, the client nobody here wrote. */
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

    /** Requests each URL in turn (one curl run) and answers the HTTP status of each, {@code 000} for none. */
    public static List<String> statuses(String... urls) {
        List<String> args = new ArrayList<>();
        for (String url : urls) {
            args.addAll(List.of("-o", "/dev/null", "-w", "%{http_code}\\n", url));
        }
        return run(args.toArray(String[]::new)).out().lines().toList();
    }
}
