package dev.svcconnect.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The documents' examples work as written: each document's runnable examples run in order in one
 * shell (a fresh directory, {@code svc-connect} on the PATH as the built jar of this checkout, no
 * AWS variables of the caller), each must exit 0 and print the line the document shows. Needs what
 * the documents say a user needs (root, Node.js, the AWS CLI, curl, python3); run it under the
 * machine's heavy lock: it uses ports 7700, 7701, 8000, 8081, 8082, 8800, 8801 and 9901.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocsTest {

    private static final Path ROOT = Path.of(System.getProperty("svcconnect.rootDir", ".."))
            .toAbsolutePath()
            .normalize();
    private static final Path WORK = Path.of(System.getProperty("docs.work.dir", "target/docs-run"))
            .toAbsolutePath()
            .normalize();
    private static final Path JAR = ROOT.resolve("provider-runtime/cli/target/svc-connect.jar");

    @Test
    @Order(1)
    void everyFencedBlockOfTheReadmeAndDocsIsMarkedRunnableOrNotAndShowsWhatItChecks() throws IOException {
        List<String> unmarked = new ArrayList<>();
        for (Path document : documents()) {
            DocExamples.read(document, unmarked);
        }

        assertThat(unmarked)
                .as("fenced blocks without a <!-- doc-test: ... --> marker (run, interrupt, compile or skip REASON)")
                .isEmpty();
    }

    @Test
    @Order(2)
    void theReadmeExamplesWorkAsWritten() throws Exception {
        runDocument(ROOT.resolve("README.md"));
    }

    @Test
    @Order(3)
    void theControlPlaneExamplesWorkAsWritten() throws Exception {
        runDocument(ROOT.resolve("docs/control-plane.md"));
    }

    @Test
    @Order(4)
    void theAgentExamplesWorkAsWritten() throws Exception {
        runDocument(ROOT.resolve("docs/agent.md"));
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    private static void runDocument(Path document) throws Exception {
        List<DocExample> examples = DocExamples.read(document, new ArrayList<>());
        Path directory = freshDirectory(document.getFileName().toString().replace(".md", ""));
        Path bin = launcher(directory);
        int ran = 0;
        try (DocShell shell =
                new DocShell(directory, bin, Map.of(), List.of("AWS_", "CDK_"), DocShell.SHOWN_AFTER_END)) {
            List<DocShell.Job> jobs = new ArrayList<>();
            Supplier<String> printed = () -> "";
            for (DocExample example : examples) {
                switch (example.kind()) {
                    case RUN -> {
                        String output = shell.run(example);
                        printed = () -> output;
                    }
                    case INTERRUPT -> {
                        DocShell.Job job = shell.start(example);
                        jobs.add(0, job);
                        printed = () -> shell.outputSince(job.start());
                    }
                    case COMPILE -> compileAndSynthesize(example, directory);
                    case OUTPUT -> {
                        String output = printed.get();
                        assertThat(OutputShape.missing(example.code(), output))
                                .as(example.where() + ": lines the document shows that the example before it did not"
                                        + " print (numbers and ids aside); it printed:\n" + output)
                                .isEmpty();
                    }
                    case SKIP -> {
                        continue;
                    }
                }
                ran++;
            }
            for (DocShell.Job job : jobs) {
                shell.stop(job);
            }
        }
        assertThat(ran).as("examples run from " + document.getFileName()).isPositive();
    }

    /** {@code DIR/bin/svc-connect} and {@code DIR/svc-connect}: the built jar, as {@code ./svc-connect} runs it. */
    private static Path launcher(Path directory) throws IOException {
        Path bin = Files.createDirectories(directory.resolve("bin"));
        String script = "#!/bin/sh\nexec java -jar " + JAR + " \"$@\"\n";
        for (Path launcher : List.of(bin.resolve("svc-connect"), directory.resolve("svc-connect"))) {
            Files.writeString(launcher, script);
            launcher.toFile().setExecutable(true);
        }
        return bin;
    }

    private static Path freshDirectory(String name) throws IOException {
        Path directory = WORK.resolve(name);
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(directory);
    }

    /** Compiles the example as written (imports included), runs it with CDK_OUTDIR and reads the assembly. */
    private static void compileAndSynthesize(DocExample example, Path directory) throws Exception {
        Path app = Files.createDirectories(directory.resolve(example.argument()));
        Path source = app.resolve(example.argument() + ".java");
        Files.writeString(source, example.code());
        Path classes = Files.createDirectories(app.resolve("classes"));
        String classPath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int compiled = javac.run(null, errors, errors, "-d", classes.toString(), "-cp", classPath, source.toString());
        assertThat(compiled)
                .as(example.where() + " does not compile as written:\n" + errors.toString(StandardCharsets.UTF_8))
                .isZero();

        Path outdir = app.resolve("cdk.out");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                        java, "-cp", classes + File.pathSeparator + classPath, example.argument())
                .directory(app.toFile())
                .redirectErrorStream(true)
                .redirectOutput(app.resolve("synth.log").toFile());
        builder.environment().put("CDK_OUTDIR", outdir.toString());
        Process synth = builder.start();
        assertThat(synth.waitFor(example.timeout().toSeconds(), TimeUnit.SECONDS))
                .as(example.where() + " did not synthesize within "
                        + example.timeout().toSeconds() + " s")
                .isTrue();
        assertThat(synth.exitValue())
                .as(example.where() + " failed to synthesize:\n" + Files.readString(app.resolve("synth.log")))
                .isZero();
        StringBuilder assembly = new StringBuilder();
        try (Stream<Path> files = Files.list(outdir)) {
            for (Path template :
                    files.filter(f -> f.toString().endsWith(".template.json")).toList()) {
                assembly.append(Files.readString(template));
            }
        }
        assertThat(assembly).as(example.where() + ": its cloud assembly").contains(example.expect());
    }
}
