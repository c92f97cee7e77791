package dev.svcconnect.e2e;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetSocketAddress;

/**
 * A gRPC task workload: grpc-java's standard health service on
 * {@code SVC_CONNECT_APP_ADDRESS:PORT}. {@code java dev.svcconnect.e2e.GrpcHealthServer PORT}.
 */
public final class GrpcHealthServer {

    private GrpcHealthServer() {}

    public static void main(String[] args) throws Exception {
        String address = System.getenv().getOrDefault("SVC_CONNECT_APP_ADDRESS", "127.0.0.1");
        HealthStatusManager health = new HealthStatusManager();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(address, Integer.parseInt(args[0])))
                .addService(health.getHealthService())
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        server.awaitTermination();
    }
}
