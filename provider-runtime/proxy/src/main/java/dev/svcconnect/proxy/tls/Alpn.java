package dev.svcconnect.proxy.tls;

/** What a client proxy offers in ALPN on a hop: the protocol its upstream pool speaks. */
public enum Alpn {
    /** HTTP/2 and gRPC. */
    H2,
    /** HTTP/1.1, WebSocket included. */
    HTTP_1_1,
    /** TCP: no application protocol offered. */
    NONE
}
