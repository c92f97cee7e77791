package dev.svcconnect.constructs;

/**
 * The application protocol of a port mapping, which gives Service Connect request-level metrics,
 * retries and the per-request timeout. A port mapping without one is TCP.
 */
public enum AppProtocol {
    /** HTTP/1.1. */
    HTTP("http"),
    /** HTTP/2 (h2c). */
    HTTP2("http2"),
    /** gRPC. */
    GRPC("grpc");

    private final String value;

    AppProtocol(String value) {
        this.value = value;
    }

    /** The value in a template: {@code http}, {@code http2} or {@code grpc}. */
    public String getValue() {
        return value;
    }
}
