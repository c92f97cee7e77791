package dev.svcconnect.model.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process dump; the whole round trip, a sidecar that records and one that maps, is the agent's SidecarClassDataTest. */
class ClassDataDumpTest {

    @Test
    void nothingIsAskedWithoutTheProperty() {
        assertThat(System.getProperty(ClassDataDump.PROPERTY)).isNull();
        assertThat(ClassDataDump.ifAsked()).isEmpty();
    }

    @Test
    void aJvmThatDoesNotRecordWritesNoArchiveAndSaysWhatTheJvmAnswered(@TempDir Path directory) {
        Path file = directory.resolve("sidecar.jsa");

        String line = ClassDataDump.dump(file);

        assertThat(line).startsWith(ClassDataDump.NOT_WRITTEN).contains("RecordDynamicDumpInfo");
        assertThat(file).doesNotExist();
        assertThat(directory.resolve("sidecar.jsa" + ClassDataDump.FAILED))
                .content()
                .contains("RecordDynamicDumpInfo");
        assertThat(directory).isDirectoryNotContaining("glob:**.partial");
    }
}
