package dev.svcconnect.agent.classdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.jvm.ClassDataDump;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * sidecar (it prints {@code proxy started}, archives its classes with the sidecar's own {@link
 * ClassDataDump} when asked, then waits), so that the archive is made from a running JVM and
 * mapped by the next one exactly as the agent does it.
 */
class SidecarClassDataTest {

    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path directory;

    private Path jar;
    private final List<Process> started = new ArrayList<>();
    private final Map<Process, BufferedReader> readers = new HashMap<>();

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
        assertThat(first.options()).hasSize(2).first().isEqualTo("-XX:+RecordDynamicDumpInfo");
        assertThat(archiveOf(first).getParent()).isEqualTo(directory.resolve("class-data"));
        assertThat(classData.next())
                .as("while the first records, the others start as before")
                .isEqualTo(new SidecarClassData.Launch(List.of(), false));

        Process recorder = record(classData, first);

        Path archive = classData.archive().orElseThrow();
        assertThat(archive).isEqualTo(archiveOf(first));
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
        record(classData, classData.next());

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
    void aRecordingSidecarThatWentAwayBeforeItsDumpLeavesTheRecordingToTheNextOne() throws Exception {
        SidecarClassData classData = SidecarClassData.in(directory.resolve("class-data"), command());
        SidecarClassData.Launch first = classData.next();
        Process recorder = new ProcessBuilder("true").start();
        recorder.waitFor(10, TimeUnit.SECONDS);
        Files.writeString(
                archiveOf(first).resolveSibling(archiveOf(first).getFileName() + "." + recorder.pid() + ".partial"),
                "half an archive");
        classData.started(first, recorder.toHandle());

        assertThat(classData.next().records()).isTrue();
        assertThat(classData.archive()).isEmpty();
        assertThat(directory.resolve("class-data")).isEmptyDirectory();
    }

    @Test
    void whileTheRecordingSidecarRunsWithoutAnArchiveTheOthersStartAsBefore() throws Exception {
        SidecarClassData classData = SidecarClassData.in(directory.resolve("class-data"), command());
        SidecarClassData.Launch first = classData.next();
        Process running = new ProcessBuilder("sleep", "30").start();
        started.add(running);
        classData.started(first, running.toHandle());

        assertThat(classData.next()).isEqualTo(new SidecarClassData.Launch(List.of(), false));
    }

    @Test
    void aDumpThatFailedTurnsTheArchiveOffAndSaysWhy() throws Exception {
        SidecarClassData classData = SidecarClassData.in(directory.resolve("class-data"), command());
        SidecarClassData.Launch first = classData.next();
        // Not started with -XX:+RecordDynamicDumpInfo, the stand-in's JVM refuses the dump.
        List<String> argv = new ArrayList<>(command());
        argv.add(1, first.options().get(1));
        Process recorder = startUntilStarted(argv);
        classData.started(first, recorder.toHandle());

        assertThat(dumpLine(recorder)).startsWith(ClassDataDump.NOT_WRITTEN).contains("RecordDynamicDumpInfo");
        assertThat(classData.archive()).isEmpty();
        assertThat(classData.next()).isEqualTo(new SidecarClassData.Launch(List.of(), false));
        assertThat(Files.list(directory.resolve("class-data")))
                .as("nothing but the reason")
                .containsExactly(
                        archiveOf(first).resolveSibling(archiveOf(first).getFileName() + ClassDataDump.FAILED));
    }

    @Test
    void aJvmThatCannotRecordTurnsTheArchiveOffForTheAgentsLife() throws Exception {
        List<String> noBaseArchive = List.of(JAVA, "-Xshare:off", "-cp", jar.toString(), "StandIn");
        SidecarClassData classData = SidecarClassData.in(directory.resolve("class-data"), noBaseArchive);
        SidecarClassData.Launch first = classData.next();
        Process refused = new ProcessBuilder(SidecarClassData.command(noBaseArchive, first))
                .redirectErrorStream(true)
                .start();
        started.add(refused);
        String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("what the agent recognizes").contains("Error occurred during initialization of VM");

        classData.cannotRecord(first, output);

        assertThat(classData.next()).isEqualTo(new SidecarClassData.Launch(List.of(), false));
        assertThat(classData.next().records()).isFalse();
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
        record(classData, classData.next()).destroyForcibly();
        return classData.archive().orElseThrow();
    }

    /** The archive a recording launch has its sidecar write. */
    private static Path archiveOf(SidecarClassData.Launch launch) {
        String property = "-D" + ClassDataDump.PROPERTY + "=";
        return Path.of(launch.options().stream()
                .filter(option -> option.startsWith(property))
                .findFirst()
                .orElseThrow()
                .substring(property.length()));
    }

    /** Starts the recording stand-in as the agent does, and waits until it has written the archive. */
    private Process record(SidecarClassData classData, SidecarClassData.Launch launch) throws IOException {
        Process recorder = startUntilStarted(SidecarClassData.command(command(), launch));
        classData.started(launch, recorder.toHandle());
        assertThat(dumpLine(recorder)).startsWith(ClassDataDump.WRITTEN);
        return recorder;
    }

    private Process startUntilStarted(List<String> argv) throws IOException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        started.add(process);
        readers.put(
                process, new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        awaitLine(process, "proxy started");
        return process;
    }

    /** The stand-in's line that says whether it wrote the archive, from the marker on. */
    private String dumpLine(Process process) throws IOException {
        String line = awaitLine(process, "class-data archive ");
        return line.substring(line.indexOf("class-data archive "));
    }

    private String awaitLine(Process process, String marker) throws IOException {
        BufferedReader out = readers.get(process);
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.contains(marker)) {
                return line;
            }
        }
        throw new IOException("the stand-in exited before '" + marker + "'");
    }

    private String standInLoadedFromTheArchive(SidecarClassData.Launch launch) throws Exception {
        List<String> argv = new ArrayList<>(SidecarClassData.command(command(), launch));
        // After the command's own -Xshare:auto: the last one wins.
        argv.addAll(argv.indexOf("-cp"), List.of("-Xshare:on", "-Xlog:class+load=info"));
        argv.add("--exit");
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /**
     * A jar of one class that says {@code proxy started}, archives its classes as the sidecar does
     * when asked ({@link ClassDataDump}, in the jar too), then waits to be killed (or exits with
     * {@code --exit}).
     */
    private static Path standInJar(Path build, String name) throws IOException {
        Files.createDirectories(build);
        Path source = build.resolve("StandIn.java");
        Files.writeString(source, """
                public class StandIn {
                    public static void main(String[] args) throws Exception {
                        System.out.println("proxy started");
                        dev.svcconnect.model.jvm.ClassDataDump.ifAsked().ifPresent(System.out::println);
                        if (args.length == 0) {
                            Thread.sleep(120_000);
                        }
                    }
                }
                """);
        int compiled = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-d",
                        build.toString(),
                        source.toString());
        assertThat(compiled).isZero();
        Path jar = build.resolveSibling(name);
        String dump = ClassDataDump.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                InputStream dumpClass = ClassDataDump.class.getClassLoader().getResourceAsStream(dump)) {
            out.putNextEntry(new JarEntry("StandIn.class"));
            out.write(Files.readAllBytes(build.resolve("StandIn.class")));
            out.closeEntry();
            out.putNextEntry(new JarEntry(dump));
            out.write(dumpClass.readAllBytes());
            out.closeEntry();
        }
        return jar;
    }
}
