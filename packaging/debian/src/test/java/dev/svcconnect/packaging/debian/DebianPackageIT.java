package dev.svcconnect.packaging.debian;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.jvm.JvmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the package holds, read without installing it. */
class DebianPackageIT {

    private static final String VERSION = System.getProperty("svcconnect.version");
    private static final String UNITS = "/lib/systemd/system/";

    private final DebianPackage deb = DebianPackage.built();

    @Test
    void isNamedAfterThePackageItsVersionAndArchitecture() {
        assertThat(deb.file().getFileName().toString())
                .isEqualTo("svc-connect_" + VERSION.replace('-', '~') + "_all.deb");
        assertThat(deb.file()).isRegularFile();
    }

    @Test
    void controlFieldsNameThePackageAndAJava17RuntimeFromDebian() {
        assertThat(deb.fields())
                .containsEntry("Package", "svc-connect")
                .containsEntry("Version", DebianPackage.debianVersion(VERSION))
                .containsEntry("Architecture", "all")
                .containsEntry("Section", "net")
                .containsEntry("Depends", "default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser")
                .containsKeys("Maintainer", "Description", "Homepage", "Installed-Size");
        assertThat(deb.fields().get("Maintainer")).matches(".+ <[^@ ]+@[^@ ]+>");
        assertThat(deb.fields().get("Homepage")).startsWith("https://");
    }

    @Test
    void holdsTheRunnableJarTheCommandTheUnitsTheirConfigurationAndTheCopyright() throws Exception {
        assertThat(deb.contents())
                .filteredOn(e -> !e.mode().startsWith("d"))
                .extracting(e -> e.mode() + " " + e.owner() + " " + e.path())
                .containsExactlyInAnyOrder(
                        "-rw-r--r-- root/root /usr/share/svc-connect/svc-connect.jar",
                        "-rw-r--r-- root/root /usr/share/svc-connect/control-plane-jvm.options",
                        "-rw-r--r-- root/root /usr/share/svc-connect/agent-jvm.options",
                        "-rwxr-xr-x root/root /usr/bin/svc-connect",
                        "-rw-r--r-- root/root " + UNITS + "svc-connect-control-plane.service",
                        "-rw-r--r-- root/root " + UNITS + "svc-connect-agent.service",
                        "-rw-r----- root/root /etc/svc-connect/control-plane.env",
                        "-rw-r----- root/root /etc/svc-connect/agent.env",
                        "-rw-r--r-- root/root /usr/share/doc/svc-connect/README.Debian",
                        "-rw-r--r-- root/root /usr/share/doc/svc-connect/copyright");
        assertThat(deb.entry("/usr/share/svc-connect/svc-connect.jar").size())
                .isEqualTo(Files.size(Path.of(System.getProperty("svcconnect.jar"))));
    }

    @Test
    void theCommandRunsTheJarOnTheSystemJava() {
        assertThat(deb.dataFile("/usr/bin/svc-connect"))
                .startsWith("#!/bin/sh\n")
                .contains("exec java ${SVC_CONNECT_JAVA_OPTS:-} -jar /usr/share/svc-connect/svc-connect.jar \"$@\"");
    }

    @Test
    void theControlPlaneStartsOnItsOwnJvmOptionsFile() {
        EnvironmentFile env = EnvironmentFile.parse(deb.dataFile("/etc/svc-connect/control-plane.env"));
        assertThat(env.variables())
                .containsEntry("SVC_CONNECT_JAVA_OPTS", "@/usr/share/svc-connect/control-plane-jvm.options");
        assertThat(JvmOptions.parse(deb.dataFile("/usr/share/svc-connect/control-plane-jvm.options")))
                .isEqualTo(JvmOptions.controlPlane());
    }

    @Test
    void theAgentStartsOnItsOwnJvmOptionsFile() {
        EnvironmentFile env = EnvironmentFile.parse(deb.dataFile("/etc/svc-connect/agent.env"));
        assertThat(env.variables()).containsEntry("SVC_CONNECT_JAVA_OPTS", "@/usr/share/svc-connect/agent-jvm.options");
        assertThat(JvmOptions.parse(deb.dataFile("/usr/share/svc-connect/agent-jvm.options")))
                .isEqualTo(JvmOptions.agent());
    }

    @Test
    void bothEnvironmentFilesAreConffilesSoAnUpgradeKeepsTheirEdits() {
        assertThat(deb.controlFile("conffiles").lines())
                .containsExactlyInAnyOrder("/etc/svc-connect/control-plane.env", "/etc/svc-connect/agent.env");
    }

    @Test
    void theControlPlaneRunsAsItsSystemUserOnItsEnvironmentFile() {
        SystemdUnit unit = unit("svc-connect-control-plane.service");
        assertThat(unit.require("Service", "User")).isEqualTo("svc-connect");
        assertThat(unit.require("Service", "Group")).isEqualTo("svc-connect");
        assertThat(unit.require("Service", "EnvironmentFile")).isEqualTo("/etc/svc-connect/control-plane.env");
        assertThat(unit.require("Service", "ExecStart")).startsWith("/usr/bin/svc-connect control-plane ");
        assertThat(unit.require("Service", "ReadWritePaths")).isEqualTo("/var/lib/svc-connect/control-plane");
        assertThat(unit.require("Service", "SuccessExitStatus")).isEqualTo("143");
        assertThat(unit.require("Install", "WantedBy")).isEqualTo("multi-user.target");
    }

    @Test
    void theAgentRunsAsRootAndItsStopSignalsTheAgentAloneNotItsTasks() {
        SystemdUnit unit = unit("svc-connect-agent.service");
        assertThat(unit.value("Service", "User")).isEmpty();
        assertThat(unit.require("Service", "EnvironmentFile")).isEqualTo("/etc/svc-connect/agent.env");
        assertThat(unit.require("Service", "ExecStart")).startsWith("/usr/bin/svc-connect agent ");
        assertThat(unit.require("Service", "KillMode")).isEqualTo("process");
        assertThat(unit.require("Service", "Restart")).isEqualTo("on-failure");
        assertThat(unit.require("Install", "WantedBy")).isEqualTo("multi-user.target");
    }

    @ParameterizedTest
    @ValueSource(strings = {"control-plane", "agent"})
    void everyVariableOfExecStartIsSetAndEveryFlagIsOneTheCommandHas(String command) {
        String execStart = unit("svc-connect-" + command + ".service").require("Service", "ExecStart");
        EnvironmentFile env = EnvironmentFile.parse(deb.dataFile("/etc/svc-connect/" + command + ".env"));
        assertThat(env.variables())
                .containsKeys(EnvironmentFile.referencedNames(execStart).toArray(String[]::new));

        String help = Command.succeed("java", "-jar", System.getProperty("svcconnect.jar"), command, "--help");
        List<String> flags =
                env.expand(execStart).stream().filter(a -> a.startsWith("--")).toList();
        assertThat(flags).isNotEmpty().allSatisfy(flag -> assertThat(help).contains(flag + "="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"control-plane", "agent"})
    void dataDirectoriesAreUnderVarLibSvcConnect(String command) {
        EnvironmentFile env = EnvironmentFile.parse(deb.dataFile("/etc/svc-connect/" + command + ".env"));
        assertThat(env.variables()).containsEntry("SVC_CONNECT_DATA", "/var/lib/svc-connect/" + command);
    }

    @Test
    void theAgentsConfigurationLeavesAMarkedPlaceForTheJoinTokenOfIssue12() {
        assertThat(deb.dataFile("/etc/svc-connect/agent.env"))
                .contains("SVC_CONNECT_CONTROL_PLANE=", "SVC_CONNECT_CLUSTER=")
                .containsPattern(Pattern.compile("(?m)^# .*issue 12.*$"))
                .containsPattern(Pattern.compile("(?m)^# SVC_CONNECT_JOIN_TOKEN_FILE=/etc/svc-connect/join-token$"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postinst", "prerm", "postrm"})
    void maintainerScriptsAreValidShellAndNeverEnableOrStartAUnit(String script) {
        String text = deb.controlFile(script);
        assertThat(text).startsWith("#!/bin/sh\n").contains("set -e");
        assertThat(text.lines().filter(l -> !l.strip().startsWith("#")))
                .noneMatch(l -> l.matches(".*systemctl( --[a-z-]+)* (start|enable|restart|reload-or-restart) .*"));
        assertThat(Command.run("sh", "-n", "-c", text).exitCode()).isZero();
    }

    @Test
    void theSystemUserAndTheDataDirectoriesAreMadeOnConfigureAndPurgeDeletesThem() {
        assertThat(deb.controlFile("postinst"))
                .contains("adduser --system --group --home /var/lib/svc-connect")
                .contains("install -d -m 0750 -o svc-connect -g svc-connect /var/lib/svc-connect/control-plane");
        assertThat(deb.controlFile("postrm")).contains("purge)", "rm -rf /var/lib/svc-connect /etc/svc-connect");
    }

    private SystemdUnit unit(String name) {
        return SystemdUnit.parse(deb.dataFile(UNITS + name));
    }
}
