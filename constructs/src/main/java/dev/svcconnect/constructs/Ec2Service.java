package dev.svcconnect.constructs;

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

    /** A service in {@code scope}. */
    public Ec2Service(Construct scope, String id, Ec2ServiceProps props) {
        super(scope, id, props, "EC2");
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
