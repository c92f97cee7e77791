package dev.svcconnect.sample.appserver;

import dev.svcconnect.sample.common.Env;
import dev.svcconnect.sample.common.LocalHost;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;

/** {@code java -jar appserver.jar health}: asks the standard gRPC health service, as a probe would. */
final class AppServerHealth {

    private static final int DEADLINE_SECONDS = 3;

    private AppServerHealth() {}

    static String check(Env env) throws InterruptedException {
        AppServerSettings settings = AppServerSettings.from(env);
        String target = LocalHost.forUrl(settings.bind()) + ":" + settings.port();
        ManagedChannel channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
                .build();
        try {
            ServingStatus status = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus();
            if (status != ServingStatus.SERVING) {
                throw new IllegalStateException(target + " is " + status);
            }
            return target + " is SERVING";
        } finally {
            channel.shutdownNow().awaitTermination(DEADLINE_SECONDS, TimeUnit.SECONDS);
        }
    }
}
