package dev.svcconnect.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.model.proxy.EventLoops;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyProcessTest {

    @Test
    void theEnvironmentSetsTheNumberOfEventLoops() {
        assertThat(ProxyProcess.builderFrom(Map.of(EventLoops.ENVIRONMENT_VARIABLE, "1"))
                        .threads())
                .isEqualTo(1);
        assertThat(ProxyProcess.builderFrom(Map.of(EventLoops.ENVIRONMENT_VARIABLE, " 3 "))
                        .threads())
                .isEqualTo(3);
    }

    @Test
    void withoutTheVariableThereIsOneEventLoopPerCpuTheJvmSees() {
        assertThat(ProxyProcess.builderFrom(Map.of()).threads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(ProxyProcess.builderFrom(Map.of(EventLoops.ENVIRONMENT_VARIABLE, ""))
                        .threads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void anEventLoopCountThatIsNotAPositiveWholeNumberIsRefusedNamingTheVariable() {
        for (String bad : new String[] {"0", "-2", "two", "1.5"}) {
            assertThatThrownBy(() -> ProxyProcess.builderFrom(Map.of(EventLoops.ENVIRONMENT_VARIABLE, bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("SVC_CONNECT_PROXY_EVENT_LOOPS: '" + bad
                            + "' (expected: a whole number of event loops, at least 1)");
        }
    }
}
