package dev.svcconnect.proxy.support;

import dev.svcconnect.model.proxy.AdminConfig;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.testsupport.FreePorts;
import java.util.Arrays;

/** Configurations for tests: everything on loopback, port 0. */
public final class Configs {

    private Configs() {}

    /** A proxy with an admin port and the given listeners. */
    public static ProxyConfig proxy(ListenerConfig... listeners) {
        ProxyConfig.Builder builder =
                ProxyConfig.builder().admin(new AdminConfig(freeAddress())).drainTimeSeconds(5);
        Arrays.stream(listeners).forEach(builder::listener);
        return builder.build();
    }

    /**
     * {@code 127.0.0.1:PORT} with a port that was free a moment ago (the configuration's rules
     * want a real port, so tests cannot bind port 0).
     */
    public static String freeAddress() {
        return "127.0.0.1:" + FreePorts.next();
    }

    /** A listener builder bound to a free loopback port. */
    public static ListenerConfig.Builder listener(String name) {
        return ListenerConfig.builder().name(name).bind(freeAddress()).discoveryName(name + "-svc");
    }
}
