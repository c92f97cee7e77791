package dev.svcconnect.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import dev.svcconnect.proxy.support.RedisServer;
import dev.svcconnect.testsupport.Programs;
import org.junit.jupiter.api.Test;

class TcpProxyTest extends Closer {

    @Test
    void redisCliAndRedisBenchmarkWorkThroughATcpListener() {
        RedisServer redis = closing(RedisServer.start());
        String dead = Configs.freeAddress();
        Proxy proxy = closing(Proxy.builder()
                .start(Configs.proxy(Configs.listener("redis")
                        .protocol(Protocol.TCP)
                        .endpoint(dead)
                        .endpoint(redis.address())
                        .build())));
        String port = Integer.toString(proxy.listenerAddress("redis").getPort());

        Programs.Result set = Programs.run("redis-cli", "-p", port, "SET", "greeting", "hello");
        Programs.Result get = Programs.run("redis-cli", "-p", port, "GET", "greeting");
        Programs.Result bench =
                Programs.run("redis-benchmark", "-p", port, "-n", "2000", "-c", "10", "-t", "set,get", "-P", "4", "-q");

        assertThat(set.out().trim()).isEqualTo("OK");
        assertThat(get.out().trim()).isEqualTo("hello");
        assertThat(bench.exitCode()).as(bench.err()).isZero();
        assertThat(bench.out()).contains("SET:").contains("GET:").contains("requests per second");
        assertThat(Programs.run("redis-cli", "-p", port, "DBSIZE").out().trim()).isEqualTo("2");
    }
}
