package dev.svcconnect.agent.classdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecars' class-data archive, with real JVMs: a small program in a jar stands in for the
 * sidecar (it prints {@code proxy started}, then waits), so that the archive is made by
 * {@code jcmd} from a running JVM and mapped by the next one exactly as the agent does it.
 */
class SidecarClassDataTest {

    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path directory;

    private Path jar;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void buildTheStandIn() throws IOException {
        jar = standInJar(directory.resolve("build"), "stand-in.jar");
    }

    @AfterEach
    void stopEverything() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void theFirstSidecarRecordsAndTheNextOnesMapTheArchiveMadeFromIt() throws Exception {
        SidecarClassData classData = SidecarClassData.in(directory.resolve("class-data"), command());
        assertThat(classData.archive()).isEmpty();

        SidecarClassData.Launch first = classData.next();
        assertThat(first.records()).isTrue();
        assertThat(first.options()).containsExactly("-XX:+RecordDynamicDumpInfo");
        assertThat(classData.next())
                .as("while the first records, the others start as before")
                .isEqualTo(new SidecarClassData.Launch(List.of(), false));

        Process recorder = startUntilStarted(SidecarClassData.command(command(), first));
        classData.started(first, recorder.toHandle());

        Path archive = classData.archive().orElseThrow();
        assertThat(archive.getParent()).isEqualTo(directory.resolve("class-data"));
        assertThat(archive.getFileName().toString()).startsWith("sidecar-").endsWith(".jsa");
        assertThat(Files.list(archive.getParent()))
                .as("no partial file is left")
                .containsExactly(archive);
        SidecarClassData.Launch next = classData.next();
        assertThat(next).isEqualTo(new SidecarClassData.Launch(List.of("-XX:SharedArchiveFile=" + archive), false));
        assertThat(standInLoadedFromTheArchive(next))
                .as("-Xshare:on fails unless the archive maps; the stand-in's class comes from it")
                .contains("StandIn source: shared objects file (top)");
        assertThat(recorder.isAlive()).as("the recording sidecar runs on").isTrue();
    }

    @Test
    void anAgentStartedAgainUsesTheArchiveThatIsThere() throws Exception {
        makeArchive();

        SidecarClassData again = SidecarClassData.in(directory.resolve("class-data"), command());

        assertThat(again.archive()).isPresent();
        assertThat(again.next().options()).singleElement().asString().startsWith("-XX:SharedArchiveFile=");
    }

    @Test
    void anAgentStartedAgainOnARelativeDataDirectoryKeepsItsArchive() throws Exception {
        Path archive = makeArchive();
        Path relative = Path.of("").toAbsolutePath().relativize(directory.resolve("class-data"));

        SidecarClassData again = SidecarClassData.in(relative, command());

        assertThat(archive).exists();
        assertThat(again.archive()).contains(archive);
    }

    @Test
    void anArchiveDeletedUnderTheAgentIsRecordedAgain() throws Exception {
        SidecarClassData classData = SidecarClassData.in(directory.resolve("class-data"), command());
        SidecarClassData.Launch first = classData.next();
        classData.started(
                first,
                startUntilStarted(SidecarClassData.command(command(), first)).toHandle());

        Files.delete(classData.archive().orElseThrow());

        assertThat(classData.next().records()).isTrue();
    }

    @Test
    void aNewJarGetsANewArchiveAndTheOldOneIsDeleted() throws Exception {
        Path old = makeArchive();
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

        SidecarClassData rebuilt = SidecarClassData.in(directory.resolve("class-data"), command());

        assertThat(rebuilt.archive()).isEmpty();
        assertThat(old).doesNotExist();
        assertThat(rebuilt.next().records()).isTrue();
    }

    @Test
    void aRecordingSidecarThatExitedBeforeItsDumpLeavesTheRecordingToTheNextOne() throws Exception {
        SidecarClassData classData = SidecarClassData.in(directory.resolve("class-data"), command());
        SidecarClassData.Launch first = classData.next();
        Process recorder = startUntilStarted(SidecarClassData.command(command(), first));
        recorder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        classData.started(first, recorder.toHandle());

        assertThat(classData.archive()).isEmpty();
        assertThat(classData.next().records()).isTrue();
    }

    @Test
    void aRecordingSidecarThatDidNotStartLeavesTheRecordingToTheNextOne() throws Exception {
        SidecarClassData classData = SidecarClassData.in(directory.resolve("class-data"), command());
        SidecarClassData.Launch first = classData.next();

        classData.notStarted(first);

        assertThat(classData.next().records()).isTrue();
    }

    @Test
    void aClassPathWithADirectoryHasNoArchive() throws Exception {
        List<String> command = List.of(JAVA, "-cp", jar + ":" + directory.resolve("build"), "StandIn");

        SidecarClassData classData = SidecarClassData.in(directory.resolve("class-data"), command);

        assertThat(classData.next()).isEqualTo(new SidecarClassData.Launch(List.of(), false));
        assertThat(directory.resolve("class-data")).doesNotExist();
    }

    @Test
    void optionsGoRightAfterTheProgram() {
        SidecarClassData.Launch launch = new SidecarClassData.Launch(List.of("-XX:SharedArchiveFile=/a.jsa"), false);

        assertThat(SidecarClassData.command(
                        List.of("/jdk/bin/java", "-Xmx64m", "-cp", "x.jar", "Main", "--task", "t"), launch))
                .containsExactly(
                        "/jdk/bin/java",
                        "-XX:SharedArchiveFile=/a.jsa",
                        "-Xmx64m",
                        "-cp",
                        "x.jar",
                        "Main",
                        "--task",
                        "t");
    }

    private List<String> command() {
        return List.of(JAVA, "-Xshare:auto", "-cp", jar.toString(), "StandIn");
    }

    private Path makeArchive() throws Exception {
        SidecarClassData classData = SidecarClassData.in(directory.resolve("class-data"), command());
        SidecarClassData.Launch first = classData.next();
        Process recorder = startUntilStarted(SidecarClassData.command(command(), first));
        classData.started(first, recorder.toHandle());
        recorder.destroyForcibly();
        return classData.archive().orElseThrow();
    }

    private Process startUntilStarted(List<String> argv) throws IOException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        started.add(process);
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.contains("proxy started")) {
                return process;
            }
        }
        throw new IOException("the stand-in exited with " + process.exitValue());
    }

    private String standInLoadedFromTheArchive(SidecarClassData.Launch launch) throws Exception {
        List<String> argv = new ArrayList<>(SidecarClassData.command(command(), launch));
        argv.addAll(1, List.of("-Xshare:on", "-Xlog:class+load=info"));
        argv.add("--exit");
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** A jar of one class that says {@code proxy started}, then waits to be killed (or exits with {@code --exit}). */
    private static Path standInJar(Path build, String name) throws IOException {
        Files.createDirectories(build);
        Path source = build.resolve("StandIn.java");
        Files.writeString(source, """
                public class StandIn {
                    public static void main(String[] args) throws Exception {
                        System.out.println("proxy started");
                        if (args.length == 0) {
                            Thread.sleep(120_000);
                        }
                    }
                }
                """);
        int compiled =
                ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", build.toString(), source.toString());
        assertThat(compiled).isZero();
        Path jar = build.resolveSibling(name);
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("StandIn.class"));
            out.write(Files.readAllBytes(build.resolve("StandIn.class")));
            out.closeEntry();
        }
        return jar;
    }
}
