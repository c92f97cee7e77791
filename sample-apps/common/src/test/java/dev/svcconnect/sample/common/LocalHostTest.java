package dev.svcconnect.sample.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalHostTest {

    @Test
    void reachesAWildcardBindThroughLoopback() {
        assertThat(LocalHost.forUrl("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(LocalHost.forUrl("::")).isEqualTo("127.0.0.1");
        assertThat(LocalHost.forUrl("[::]")).isEqualTo("127.0.0.1");
    }

    @Test
    void keepsASpecificBindAndBracketsIpv6() {
        assertThat(LocalHost.forUrl("127.0.0.7")).isEqualTo("127.0.0.7");
        assertThat(LocalHost.forUrl("db")).isEqualTo("db");
        assertThat(LocalHost.forUrl("::1")).isEqualTo("[::1]");
        assertThat(LocalHost.forUrl("[::1]")).isEqualTo("[::1]");
    }
}
