package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.ImportedService;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.constructs.Construct;

/**
 * A service whose tasks run on the EC2-like hosts of its cluster ({@code LaunchType: EC2}); add
 * hosts with {@link Cluster#addHostFleet}.
 *
 * <pre>{@code
 * Ec2Service api = Ec2Service.Builder.create(stack, "Api")
 *         .cluster(cluster).taskDefinition(task).desiredCount(2).build();
 * api.enableServiceConnect(ServiceConnectProps.builder()
 *         .services(List.of(ServiceConnectService.builder().portMappingName("api").build()))
 *         .build());
 * }</pre>
 */
public class Ec2Service extends BaseService {

    /**
     * A service in {@code scope}. A cluster of this app without a host fleet gets a synth-time
     * warning: its tasks run only on hosts started by hand ({@code svc-connect agent --cluster}).
     */
    public Ec2Service(Construct scope, String id, Ec2ServiceProps props) {
        super(scope, id, props, "EC2");
        getNode().addValidation(() -> {
            if (getCluster() instanceof Cluster cluster && !cluster.hasHostFleet()) {
                Annotations.of(this)
                        .addWarningV2(
                                "@svc-connect/constructs:clusterHasNoHostFleet",
                                "cluster " + cluster.getNode().getPath() + " has no host fleet: the tasks of this"
                                        + " EC2 service run only on hosts started with 'svc-connect agent --cluster'"
                                        + " (add one with Cluster.addHostFleet)");
            }
            return List.of();
        });
    }

    /** An existing EC2 service, by its ARN ({@code ...:service/CLUSTER/NAME}), as aws-cdk-lib. */
    public static IBaseService fromEc2ServiceArn(Construct scope, String id, String ec2ServiceArn) {
        return ImportedService.fromArn(scope, id, ec2ServiceArn);
    }

    /** An existing EC2 service, by its cluster and its ARN or name, as aws-cdk-lib. */
    public static IBaseService fromEc2ServiceAttributes(Construct scope, String id, ServiceAttributes attributes) {
        return ImportedService.of(scope, id, attributes);
    }

    /** Builds an {@link Ec2Service}: {@code Ec2Service.Builder.create(scope, id).cluster(c).taskDefinition(t).build()}. */
    public static final class Builder extends BaseServiceOptions.AbstractBuilder<Builder, Ec2Service> {
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
        public Ec2Service build() {
            return new Ec2Service(scope, id, new Ec2ServiceProps(this));
        }
    }
}
