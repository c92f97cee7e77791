package dev.svcconnect.constructs;

/** Properties of an {@link Ec2Service}. */
public final class Ec2ServiceProps extends BaseServiceOptions {

    Ec2ServiceProps(AbstractBuilder<?, ?> builder) {
        super(builder);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link Ec2ServiceProps}. */
    public static final class Builder extends AbstractBuilder<Builder, Ec2ServiceProps> {
        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        @Override
        public Ec2ServiceProps build() {
            return new Ec2ServiceProps(this);
        }
    }
}
