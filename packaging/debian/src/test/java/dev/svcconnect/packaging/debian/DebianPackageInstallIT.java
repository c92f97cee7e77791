package dev.svcconnect.packaging.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The package on this machine, as an operator uses it: {@code dpkg -i}, the command, the control
 * plane started exactly as its unit's {@code ExecStart} says (its user, its environment file, its
 * flags), an upgrade that keeps an edited conffile, {@code dpkg -r} keeping the data, purge
 * deleting it. Needs root; it leaves the machine as it found it, whatever fails. Where root is not
 * had, {@code -Dsvcconnect.deb.installTest=false} turns it off; otherwise it fails with the reason
 * (CI runs as root, so it never silently skips there).
 */
class DebianPackageInstallIT {

    private static final String PACKAGE = "svc-connect";
    private static final String UNIT = "/lib/systemd/system/svc-connect-control-plane.service";
    private static final Path ENV_FILE = Path.of("/etc/svc-connect/control-plane.env");
    private static final Path DATA = Path.of("/var/lib/svc-connect/control-plane");
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    private static Process controlPlane;

    @BeforeAll
    static void onlyAsRootOnAMachineWithoutThePackage() {
        Assumptions.assumeTrue(
                Boolean.parseBoolean(System.getProperty("svcconnect.deb.installTest", "true")),
                "turned off with -Dsvcconnect.deb.installTest=false");
        String user = Command.succeed("id", "-u").strip();
        if (!user.equals("0")) {
            fail("the install test runs dpkg -i and needs root (uid 0, not " + user
                    + "): run as root, or turn it off with -Dsvcconnect.deb.installTest=false");
        }
        if (!packageStatus().isEmpty()) {
            fail("svc-connect is already on this machine (dpkg status '" + packageStatus()
                    + "'): the install test would replace and purge it; remove it first");
        }
        if (Command.run("getent", "passwd", PACKAGE).exitCode() == 0) {
            fail("a user svc-connect exists on this machine: purging the package would delete it");
        }
    }

    @AfterAll
    static void leaveTheMachineAsItWas() throws InterruptedException {
        if (controlPlane != null && controlPlane.isAlive()) {
            controlPlane.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (!packageStatus().isEmpty()) {
            Command.run("dpkg", "--purge", PACKAGE);
        }
    }

    @Test
    void installsServesTheApiAsItsUnitSaysKeepsItsDataOnRemovalAndPurgeDeletesIt(@TempDir Path logs) throws Exception {
        String deb = DebianPackage.built().file().toString();
        Command.succeed("dpkg", "-i", deb);
        assertThat(packageStatus()).isEqualTo("install ok installed");
        assertThat(Command.succeed("svc-connect", "--version").strip())
                .startsWith("svc-connect " + System.getProperty("svcconnect.version") + " (commit ");
        theUnitsPassSystemdAnalyzeVerify();

        // As an operator would: the port, edited in the conffile (0: any free port), kept on upgrade.
        Files.writeString(ENV_FILE, Files.readString(ENV_FILE).replace("SVC_CONNECT_PORT=7700", "SVC_CONNECT_PORT=0"));
        Command.succeed("dpkg", "-i", deb);
        assertThat(Files.readString(ENV_FILE)).contains("SVC_CONNECT_PORT=0\n");

        theControlPlaneServesTheApiAsItsUnitSays(logs.resolve("control-plane.log"));

        Command.succeed("dpkg", "-r", PACKAGE);
        assertThat(packageStatus()).isEqualTo("deinstall ok config-files");
        assertThat(Path.of("/usr/bin/svc-connect")).doesNotExist();
        assertThat(DATA.resolve("store.db")).exists();
        assertThat(ENV_FILE).exists();

        Command.succeed("dpkg", "--purge", PACKAGE);
        assertThat(packageStatus()).isEmpty();
        assertThat(Path.of("/var/lib/svc-connect")).doesNotExist();
        assertThat(Path.of("/etc/svc-connect")).doesNotExist();
        assertThat(Command.run("getent", "passwd", PACKAGE).exitCode()).isEqualTo(2);
    }

    private static void theUnitsPassSystemdAnalyzeVerify() {
        if (Command.run("sh", "-c", "command -v systemd-analyze").exitCode() != 0) {
            return; // not every machine has systemd; where it exists the check below runs
        }
        Command verify =
                Command.run("systemd-analyze", "verify", UNIT, "/lib/systemd/system/svc-connect-agent.service");
        assertThat(verify.output()).doesNotContain("svc-connect");
        assertThat(verify.exitCode()).isZero();
    }

    private static void theControlPlaneServesTheApiAsItsUnitSays(Path log) throws Exception {
        SystemdUnit unit = SystemdUnit.parse(Files.readString(Path.of(UNIT)));
        EnvironmentFile env =
                EnvironmentFile.parse(Files.readString(Path.of(unit.require("Service", "EnvironmentFile"))));
        String user = unit.require("Service", "User");

        List<String> command = new ArrayList<>(List.of(
                "setpriv", "--reuid=" + user, "--regid=" + unit.require("Service", "Group"), "--init-groups", "--"));
        command.addAll(env.expand(unit.require("Service", "ExecStart")));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(serviceEnvironment(user, env));
        controlPlane = builder.start();

        URI endpoint = URI.create(await().atMost(Duration.ofSeconds(60))
                .until(() -> listeningOn(log), m -> m != null || !controlPlane.isAlive())
                .group(1));
        try (EcsClient ecs = ecs(endpoint)) {
            String arn =
                    ecs.createCluster(b -> b.clusterName("installed")).cluster().clusterArn();
            assertThat(ecs.listClusters().clusterArns()).containsExactly(arn);
        }
        assertThat(Files.getOwner(DATA.resolve("store.db")).getName()).isEqualTo(user);

        controlPlane.destroy(); // SIGTERM, as systemctl stop sends
        assertThat(controlPlane.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(String.valueOf(controlPlane.exitValue())).isEqualTo(unit.require("Service", "SuccessExitStatus"));
        assertThat(Files.readString(log)).contains("control-plane - stopped");
    }

    /** What systemd gives a service with User=: its own PATH, the user's identity, the env file. */
    private static Map<String, String> serviceEnvironment(String user, EnvironmentFile env) {
        Map<String, String> environment = new HashMap<>(env.variables());
        environment.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        environment.put("USER", user);
        environment.put("LOGNAME", user);
        environment.put("HOME", "/var/lib/svc-connect");
        environment.put("LANG", "C.UTF-8");
        return environment;
    }

    private static Matcher listeningOn(Path log) throws IOException {
        Matcher matcher = LISTENING.matcher(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "");
        if (!controlPlane.isAlive()) {
            fail("the control plane exited with " + controlPlane.exitValue() + ":\n" + Files.readString(log));
        }
        return matcher.find() ? matcher : null;
    }

    private static EcsClient ecs(URI endpoint) {
        return EcsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                // The admin key the control plane wrote at its first start (profile svc-connect, 0600).
                .credentialsProvider(ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.builder()
                                .content(DATA.resolve("admin-credentials"))
                                .type(ProfileFile.Type.CREDENTIALS)
                                .build())
                        .profileName("svc-connect")
                        .build())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** dpkg's status of the package ("install ok installed", ...), empty when dpkg does not know it. */
    private static String packageStatus() {
        Command query = Command.run("dpkg-query", "--show", "--showformat=${Status}", PACKAGE);
        return query.exitCode() == 0 ? query.output().strip() : "";
    }
}
