package dev.svcconnect.constructs;

import java.util.Arrays;
import java.util.List;
import software.amazon.awscdk.services.acmpca.ICertificateAuthority;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.rds.IDatabaseInstance;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/** Properties of a {@link ControlPlane}. */
public final class ControlPlaneProps {

    private final IVpc vpc;
    private final ICertificate certificate;
    private final String domainName;
    private final IHostedZone hostedZone;
    private final Number instanceCount;
    private final InstanceType instanceType;
    private final SubnetSelection vpcSubnets;
    private final String allowedCidr;
    private final IDatabaseInstance store;
    private final ISecret storeCredentials;
    private final InstanceType databaseInstanceType;
    private final String jar;
    private final List<String> privateCertificateAuthorities;

    private ControlPlaneProps(Builder builder) {
        this.vpc = builder.vpc;
        this.certificate = builder.certificate;
        this.domainName = builder.domainName;
        this.hostedZone = builder.hostedZone;
        this.instanceCount = builder.instanceCount;
        this.instanceType = builder.instanceType;
        this.vpcSubnets = builder.vpcSubnets;
        this.allowedCidr = builder.allowedCidr;
        this.store = builder.store;
        this.storeCredentials = builder.storeCredentials;
        this.databaseInstanceType = builder.databaseInstanceType;
        this.jar = builder.jar;
        this.privateCertificateAuthorities = builder.privateCertificateAuthorities == null
                ? List.of()
                : List.copyOf(builder.privateCertificateAuthorities);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The VPC the control plane's instances, load balancer and database run in.
     *
     * @default - none: required
     */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * The ACM certificate of the load balancer's TLS listener; it must cover {@link #getDomainName()}.
     *
     * @default - none: required
     */
    public ICertificate getCertificate() {
        return certificate;
    }

    /**
     * The name clients call the control plane by ({@code https://NAME}), covered by the certificate.
     *
     * @default - none: required
     */
    public String getDomainName() {
        return domainName;
    }

    /**
     * A hosted zone in which to create {@code domainName} as an alias of the load balancer.
     *
     * @default - none: point {@code domainName} at the load balancer's DNS name yourself
     */
    public IHostedZone getHostedZone() {
        return hostedZone;
    }

    /**
     * How many control plane instances (replicas sharing the store) run.
     *
     * @default 2
     */
    public Number getInstanceCount() {
        return instanceCount;
    }

    /**
     * The instances' type (x86_64).
     *
     * @default t3.small
     */
    public InstanceType getInstanceType() {
        return instanceType;
    }

    /**
     * Where the instances, load balancer and database go.
     *
     * @default - the VPC's private subnets with egress
     */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /**
     * An IPv4 CIDR, besides the hosts and the provider, that may call the control plane (an operator network).
     *
     * @default - none: only the hosts and the provider
     */
    public String getAllowedCidr() {
        return allowedCidr;
    }

    /**
     * An existing RDS PostgreSQL instance to keep the store in (with {@link #getStoreCredentials()}).
     *
     * @default - a PostgreSQL 15 instance is created
     */
    public IDatabaseInstance getStore() {
        return store;
    }

    /**
     * The secret of {@link #getStore()}'s user: JSON with {@code username}, {@code password} and {@code dbname}, as RDS writes it.
     *
     * @default - none: required with {@code store}
     */
    public ISecret getStoreCredentials() {
        return storeCredentials;
    }

    /**
     * The type of the database instance created when no {@code store} is given.
     *
     * @default t4g.micro
     */
    public InstanceType getDatabaseInstanceType() {
        return databaseInstanceType;
    }

    /**
     * The path of the svc-connect jar ({@code provider-runtime/cli/target/svc-connect.jar}) shipped to the instances as an S3 asset.
     *
     * @default - the context value {@code svc-connect:jar}
     */
    public String getJar() {
        return jar;
    }

    /**
     * The ARNs of the AWS Private CAs the control plane may use as the issuer of a service's
     * workload certificates, when the service's {@code tls} block names one: the instances may call
     * {@code acm-pca:IssueCertificate}, {@code acm-pca:GetCertificate} and
     * {@code acm-pca:GetCertificateAuthorityCertificate} on these only, and the control plane runs
     * with {@code --aws-private-ca}.
     *
     * @default - none: the mesh CA signs every certificate and the {@code tls} block is informational
     */
    public List<String> getPrivateCertificateAuthorities() {
        return privateCertificateAuthorities;
    }

    /** Builds {@link ControlPlaneProps}. */
    public static final class Builder {
        private IVpc vpc;
        private ICertificate certificate;
        private String domainName;
        private IHostedZone hostedZone;
        private Number instanceCount;
        private InstanceType instanceType;
        private SubnetSelection vpcSubnets;
        private String allowedCidr;
        private IDatabaseInstance store;
        private ISecret storeCredentials;
        private InstanceType databaseInstanceType;
        private String jar;
        private List<String> privateCertificateAuthorities;

        private Builder() {}

        /** @see ControlPlaneProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** @see ControlPlaneProps#getCertificate() */
        public Builder certificate(ICertificate certificate) {
            this.certificate = certificate;
            return this;
        }

        /** @see ControlPlaneProps#getDomainName() */
        public Builder domainName(String domainName) {
            this.domainName = domainName;
            return this;
        }

        /** @see ControlPlaneProps#getHostedZone() */
        public Builder hostedZone(IHostedZone hostedZone) {
            this.hostedZone = hostedZone;
            return this;
        }

        /** @see ControlPlaneProps#getInstanceCount() */
        public Builder instanceCount(Number instanceCount) {
            this.instanceCount = instanceCount;
            return this;
        }

        /** @see ControlPlaneProps#getInstanceType() */
        public Builder instanceType(InstanceType instanceType) {
            this.instanceType = instanceType;
            return this;
        }

        /** @see ControlPlaneProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /** @see ControlPlaneProps#getAllowedCidr() */
        public Builder allowedCidr(String allowedCidr) {
            this.allowedCidr = allowedCidr;
            return this;
        }

        /** @see ControlPlaneProps#getStore() */
        public Builder store(IDatabaseInstance store) {
            this.store = store;
            return this;
        }

        /** @see ControlPlaneProps#getStoreCredentials() */
        public Builder storeCredentials(ISecret storeCredentials) {
            this.storeCredentials = storeCredentials;
            return this;
        }

        /** @see ControlPlaneProps#getDatabaseInstanceType() */
        public Builder databaseInstanceType(InstanceType databaseInstanceType) {
            this.databaseInstanceType = databaseInstanceType;
            return this;
        }

        /** @see ControlPlaneProps#getJar() */
        public Builder jar(String jar) {
            this.jar = jar;
            return this;
        }

        /** @see ControlPlaneProps#getPrivateCertificateAuthorities() */
        public Builder privateCertificateAuthorities(List<String> privateCertificateAuthorityArns) {
            this.privateCertificateAuthorities = privateCertificateAuthorityArns;
            return this;
        }

        /** The same, from the private CAs themselves. */
        public Builder privateCertificateAuthorities(ICertificateAuthority... authorities) {
            this.privateCertificateAuthorities = Arrays.stream(authorities)
                    .map(ICertificateAuthority::getCertificateAuthorityArn)
                    .toList();
            return this;
        }

        /** The properties. */
        public ControlPlaneProps build() {
            return new ControlPlaneProps(this);
        }
    }
}
