package dev.svcconnect.e2e;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC client run inside a task: calls {@code grpc.health.v1.Health/Check} at TARGET
 * ({@code HOST:PORT}) and prints the status. {@code java dev.svcconnect.e2e.GrpcHealthCall TARGET}.
 */
public final class GrpcHealthCall {

    private GrpcHealthCall() {}

    public static void main(String[] args) throws Exception {
        ManagedChannel channel =
                NettyChannelBuilder.forTarget(args[0]).usePlaintext().build();
        try {
            System.out.println(HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
