package dev.svcconnect.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputShapeTest {

    @Test
    void idsNumbersAndBlanksDoNotMakeADocumentedLineDiffer() {
        String documented =
                "    task 25f9dc0f11523e36cab5d9fcb9173307  10.213.0.4      RUNNING HEALTHY  network svcc-3\n"
                        + "Start to healthy: 37.6 s\n";
        String printed = "Start to healthy: 43.1 s\n"
                + "    task 7bf3e5ac74d08eb909de21b9f750f909  10.213.0.14     RUNNING HEALTHY  network svcc-12\n";

        assertThat(OutputShape.missing(documented, printed)).isEmpty();
    }

    @Test
    void aLineTheRunDidNotPrintIsMissing() {
        assertThat(OutputShape.missing(
                        "Metrics: http://127.0.0.1:8801/metrics\nConsole: x\n",
                        "Metrics: http://127.0.0.1:9/metrics\n"))
                .containsExactly("Console: x");
    }
}
