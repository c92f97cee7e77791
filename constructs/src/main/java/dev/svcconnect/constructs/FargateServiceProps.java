package dev.svcconnect.constructs;

/** Properties of a {@link FargateService}. */
public final class FargateServiceProps extends BaseServiceOptions {

    FargateServiceProps(AbstractBuilder<?, ?> builder) {
        super(builder);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link FargateServiceProps}. */
    public static final class Builder extends AbstractBuilder<Builder, FargateServiceProps> {
        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        @Override
        public FargateServiceProps build() {
            return new FargateServiceProps(this);
        }
    }
}
