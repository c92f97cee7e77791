package dev.svcconnect.sample.demo;

import dev.svcconnect.testsupport.Curl;
import dev.svcconnect.testsupport.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code svc-connect} (the built jar of this checkout) and curl as processes, from the checkout's root. */
final class SvcConnectCli {

    static final Path ROOT = Path.of(System.getProperty("svcconnect.rootDir", "../.."))
            .toAbsolutePath()
            .normalize();
    static final Path JAR = ROOT.resolve("provider-runtime/cli/target/svc-connect.jar");

    private SvcConnectCli() {}

    /** A started {@code svc-connect ARGS} whose output (with errors) the caller reads. */
    static Process start(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Runs {@code svc-connect ARGS} to its end (at most {@code timeoutSeconds}); answers its output. */
    static String run(Map<String, String> environment, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Process process = start(environment, args);
        byte[][] output = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                output[0] = process.getInputStream().readAllBytes();
            } catch (IOException e) {
                output[0] = ("(output unreadable: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            reader.join(5000);
            throw new AssertionError(
                    "svc-connect " + String.join(" ", args) + " did not finish within " + timeoutSeconds + " s:\n"
                            + new String(output[0] == null ? new byte[0] : output[0], StandardCharsets.UTF_8));
        }
        reader.join(10_000);
        String text = new String(output[0], StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(
                    "svc-connect " + String.join(" ", args) + " exited " + process.exitValue() + ":\n" + text);
        }
        return text;
    }

    /** curl ARGS; answers its standard output. */
    static String curl(String... args) {
        return Curl.run(args).out();
    }

    /** A port P of 127.0.0.1 free with P + 1 (the demo's page and metrics). */
    static int freePortPair() {
        return FreePorts.pair();
    }

    /** The processes whose command line mentions {@code text}, other than this JVM. */
    static List<String> processesMentioning(String text) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(text))
                .toList();
    }

    /** The network namespaces of the agents' default prefix. */
    static List<String> taskNamespaces() throws IOException, InterruptedException {
        Process ip = new ProcessBuilder("ip", "netns", "list")
                .redirectErrorStream(true)
                .start();
        String out = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ip.waitFor(10, TimeUnit.SECONDS);
        return out.lines().filter(l -> l.startsWith("svcc-")).toList();
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
