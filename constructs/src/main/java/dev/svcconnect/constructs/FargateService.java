package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.ImportedService;
import software.constructs.Construct;

/**
 * A service whose every task gets a Fargate-like host of its own, with its own address
 * ({@code LaunchType: FARGATE}); its task definition must use {@link NetworkMode#AWS_VPC}.
 *
 * <pre>{@code
 * FargateService web = FargateService.Builder.create(stack, "Web")
 *         .cluster(cluster).taskDefinition(task)
 *         .serviceConnectConfiguration(ServiceConnectProps.builder().build())
 *         .build();
 * }</pre>
 */
public class FargateService extends BaseService {

    /** A service in {@code scope}. */
    public FargateService(Construct scope, String id, FargateServiceProps props) {
        super(scope, id, requireAwsVpc(props), "FARGATE");
    }

    /** An existing Fargate service, by its ARN ({@code ...:service/CLUSTER/NAME}), as aws-cdk-lib. */
    public static IBaseService fromFargateServiceArn(Construct scope, String id, String fargateServiceArn) {
        return ImportedService.fromArn(scope, id, fargateServiceArn);
    }

    /** An existing Fargate service, by its cluster and its ARN or name, as aws-cdk-lib. */
    public static IBaseService fromFargateServiceAttributes(Construct scope, String id, ServiceAttributes attributes) {
        return ImportedService.of(scope, id, attributes);
    }

    private static FargateServiceProps requireAwsVpc(FargateServiceProps props) {
        NetworkMode mode = props.getTaskDefinition().getNetworkMode();
        if (mode != NetworkMode.AWS_VPC) {
            throw new IllegalArgumentException("taskDefinition: network mode '" + mode.getValue()
                    + "' (expected: 'awsvpc', the only network mode of Fargate tasks)");
        }
        return props;
    }

    /** Builds a {@link FargateService}: {@code FargateService.Builder.create(scope, id).cluster(c).taskDefinition(t).build()}. */
    public static final class Builder extends BaseServiceOptions.AbstractBuilder<Builder, FargateService> {
        private final Construct scope;
        private final String id;

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /** A builder of a service {@code id} in {@code scope}. */
        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public FargateService build() {
            return new FargateService(scope, id, new FargateServiceProps(this));
        }
    }
}
