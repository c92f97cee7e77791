package dev.svcconnect.sample.common;

/** How a program on the same host reaches a service by its bind address. */
public final class LocalHost {

    private LocalHost() {}

    /**
     * The host part of a URL reaching a service bound to {@code bind} from this host: loopback for
     * a wildcard bind, an IPv6 literal in brackets.
     */
    public static String forUrl(String bind) {
        String host = bind.startsWith("[") ? bind.substring(1, bind.length() - 1) : bind;
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
