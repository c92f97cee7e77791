package dev.svcconnect.controlplane.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestartBackoffTest {

    @Test
    void replacementsStartAtOnceBeforeThreeFailures() {
        assertThat(RestartBackoff.delaySeconds(0)).isEmpty();
        assertThat(RestartBackoff.delaySeconds(2)).isEmpty();
    }

    @ParameterizedTest(name = "{0} failures -> {1} s")
    @CsvSource({"3, 5", "4, 10", "5, 20", "6, 40", "7, 60", "100, 60"})
    void theDelayStartsAtFiveSecondsAndDoublesUpToSixty(int failures, long seconds) {
        assertThat(RestartBackoff.delaySeconds(failures)).isEqualTo(OptionalLong.of(seconds));
    }
}
