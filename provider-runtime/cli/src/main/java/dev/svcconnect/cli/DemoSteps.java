package dev.svcconnect.cli;

import dev.svcconnect.local.DeployException;
import dev.svcconnect.local.environment.LocalEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The demo's checks and steps outside the engine: the checkout, Node.js, free ports, the build, the traffic. */
final class DemoSteps {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s|m|h)?");
    private static final List<String> SAMPLE_JARS = List.of("db", "appserver", "webui");
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);

    private DemoSteps() {}

    /** {@code 60s}, {@code 5m}, {@code 1h}, {@code 500ms} or plain seconds. */
    static Duration parseDuration(String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "--duration: '" + text + "' (expected: a number with s, m, h or ms, such as 60s)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** The svc-connect checkout this jar was built in (ROOT/provider-runtime/cli/target/svc-connect.jar), else the working directory. */
    static Path checkout() {
        Path candidate = Path.of("").toAbsolutePath();
        try {
            Path jar = Path.of(DemoSteps.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path root = jar.getParent() == null ? null : jar.getParent().getParent();
            root = root == null ? null : root.getParent();
            root = root == null ? null : root.getParent();
            if (root != null && Files.isRegularFile(root.resolve("sample-apps/cdk-app/pom.xml"))) {
                candidate = root;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Not run from a jar of a checkout: the working directory is the next best guess.
        }
        if (!Files.isRegularFile(candidate.resolve("sample-apps/cdk-app/pom.xml"))) {
            throw new IllegalArgumentException(
                    "the demo runs from an svc-connect checkout: cd into it and run ./svc-connect demo");
        }
        return candidate;
    }

    /** CDK's jsii runtime needs Node.js. */
    static void requireNode() {
        try {
            Process node = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            node.getInputStream().readAllBytes();
            if (node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // Not installed: answered below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new DeployException(
                "Node.js is required for CDK synth: install it (https://nodejs.org, or apt-get install nodejs) and run again");
    }

    /**
     * The page's port and the metrics port next to it must be free; the hint to destroy comes only
     * when this directory's own environment runs (its load balancer may hold the port).
     */
    static void requireFreePorts(int port, LocalEnvironment environment) {
        for (int p : List.of(port, port + 1)) {
            try (ServerSocket socket = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                String hint = environment.running().isPresent()
                        ? "a demo or deploy of " + environment.directory() + " still runs: ./svc-connect destroy --dir "
                                + environment.directory() + ", or choose another port with --port N"
                        : "another program holds it: stop it or choose another port with --port N";
                throw new DeployException("port " + p + " on 127.0.0.1 is already taken (" + hint + ")");
            }
        }
    }

    /** Installs the AWS CDK CLI pinned in package.json ({@code npm ci}) when it is missing, for {@code npx cdk synth}. */
    static void installCdkCli(Path root, Path log, PrintStream out) {
        if (Files.isRegularFile(root.resolve("node_modules/aws-cdk/package.json"))) {
            return;
        }
        out.println("==> Installing the AWS CDK CLI pinned in package.json (npm ci, log in " + log + ")");
        run(
                List.of("npm", "ci", "--no-audit", "--no-fund"),
                root,
                log,
                out,
                "npm is required (it comes with Node.js): install it");
    }

    /** Builds the sample jars and the CDK app's class path when one is missing. */
    static void build(Path root, Path log, PrintStream out) {
        List<String> missing = new ArrayList<>();
        for (String jar : SAMPLE_JARS) {
            if (!Files.isRegularFile(root.resolve("sample-apps/" + jar + "/target/" + jar + ".jar"))) {
                missing.add("sample-apps/" + jar);
            }
        }
        if (!Files.isRegularFile(root.resolve("sample-apps/cdk-app/target/classpath.txt"))
                || !Files.isDirectory(root.resolve("sample-apps/cdk-app/target/classes"))) {
            missing.add("sample-apps/cdk-app");
        }
        if (missing.isEmpty()) {
            out.println("==> The sample jars and the CDK app are built");
            return;
        }
        out.println("==> Building " + String.join(", ", missing) + " (./mvnw -q package, log in " + log + ")");
        List<String> command = List.of(
                root.resolve("mvnw").toString(),
                "-B",
                "-q",
                "-pl",
                String.join(",", missing),
                "-am",
                "package",
                "-DskipTests");
        run(command, root, log, out, "cannot run " + command.get(0));
    }

    /** Runs {@code command} in {@code root} with its output in {@code log}; on failure prints its last lines. */
    private static void run(List<String> command, Path root, Path log, PrintStream out, String cannotStart) {
        try {
            Process build = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!build.waitFor(BUILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                build.destroyForcibly();
                throw new DeployException(
                        command.get(0) + " took over " + BUILD_TIMEOUT.toMinutes() + " minutes; see " + log);
            }
            if (build.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> out.println("  " + l));
                throw new DeployException(command.get(0) + " failed (full log: " + log + ")");
            }
        } catch (IOException e) {
            throw new DeployException(cannotStart + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("interrupted while building", e);
        }
    }

    /** Waits (up to 30 s) until the page answers 200 through the load balancer, then adds an item and loads the page. */
    static String traffic(String pageUrl) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        awaitPage(client, pageUrl);
        String item = "demo item " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        try {
            HttpResponse<String> added = client.send(
                    HttpRequest.newBuilder(URI.create(pageUrl + "/items"))
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("name=" + item.replace(' ', '+')))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> page = client.send(
                    HttpRequest.newBuilder(URI.create(pageUrl + "/"))
                            .timeout(Duration.ofSeconds(20))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (added.statusCode() != 303
                    || page.statusCode() != 200
                    || !page.body().contains(item)) {
                throw new DeployException(
                        "the page did not work: POST /items answered " + added.statusCode() + ", GET / answered "
                                + page.statusCode() + (page.body().contains(item) ? "" : " without the new item"));
            }
            return "POST /items name='" + item + "': " + added.statusCode() + "; GET /: " + page.statusCode()
                    + ", the item is listed (served by webui task "
                    + page.headers().firstValue("X-Served-By").orElse("?") + ")";
        } catch (IOException e) {
            throw new DeployException("the page at " + pageUrl + " does not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("interrupted while sending traffic", e);
        }
    }

    private static void awaitPage(HttpClient client, String pageUrl) {
        long deadline = System.nanoTime() + PAGE_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> page = client.send(
                        HttpRequest.newBuilder(URI.create(pageUrl + "/"))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (page.statusCode() == 200) {
                    return;
                }
                last = "status " + page.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployException("interrupted while waiting for the page", e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployException("interrupted while waiting for the page", e);
            }
        }
        throw new DeployException("the page at " + pageUrl + " did not answer 200 within " + PAGE_TIMEOUT.toSeconds()
                + " s (last: " + last + "); see the load balancer's log in the logs directory");
    }
}
