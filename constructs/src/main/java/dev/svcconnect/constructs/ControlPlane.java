package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.CdkNagSuppressions;
import dev.svcconnect.constructs.internal.InstanceGroup;
import dev.svcconnect.constructs.internal.Validation;
import dev.svcconnect.model.jvm.JvmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.acmpca.ICertificateAuthority;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.Signals;
import software.amazon.awscdk.services.autoscaling.SignalsOptions;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddNetworkTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseNetworkListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.Protocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.IDatabaseInstance;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.LoadBalancerTarget;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The svc-connect control plane on AWS: {@code instanceCount} EC2 instances (an Auto Scaling
 * group, Amazon Linux 2023) running the svc-connect jar from an S3 asset under systemd, behind an
 * internal Network Load Balancer whose TLS listener serves {@code https://DOMAIN_NAME}; the store
 * on RDS PostgreSQL (created, or the given {@code store}); the admin key and the replicas' shared
 * data key in Secrets Manager. Its security groups admit only the hosts of the app's
 * {@link HostFleet}s, the provider's Lambda functions and {@code allowedCidr}.
 *
 * <p>Declare it before the app's clusters, namespaces and task definitions: the provider of every
 * stack then calls it ({@link #getEndpoint()}), signing with the admin key. The local engine
 * ({@code svc-connect deploy}) skips these resources and runs its own control plane.
 *
 * <pre>{@code
 * ControlPlane controlPlane = ControlPlane.Builder.create(stack, "ControlPlane")
 *         .vpc(vpc).certificate(certificate).domainName("svc-connect.internal.example.com")
 *         .jar("provider-runtime/cli/target/svc-connect.jar").build();
 * }</pre>
 */
public class ControlPlane extends Construct {

    /** The context key naming the svc-connect jar when the {@code jar} prop does not. */
    public static final String JAR_CONTEXT = "svc-connect:jar";
    /** The port the instances serve on (TLS) behind the load balancer. */
    public static final int INSTANCE_PORT = 7700;

    private static final Pattern IPV4_CIDR = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}/([0-9]|[12]\\d|3[0-2])");

    private final IVpc vpc;
    private final SubnetSelection subnets;
    private final String domainName;
    private final Asset jar;
    private final SecurityGroup loadBalancerSecurityGroup;
    // Spelled out: this package has a Secret of its own (a container's secret, as aws-cdk-lib's ecs.Secret).
    private final software.amazon.awscdk.services.secretsmanager.Secret adminSecret;
    private final NetworkLoadBalancer loadBalancer;
    private final AutoScalingGroup instances;
    private final IDatabaseInstance store;

    /** A control plane in {@code scope}. */
    public ControlPlane(Construct scope, String id, ControlPlaneProps props) {
        super(scope, id);
        String path = getNode().getPath();
        if (props == null || props.getVpc() == null) {
            throw new IllegalArgumentException("ControlPlane " + path
                    + ": vpc is required (the VPC its instances, load balancer and database run in)");
        }
        if (props.getCertificate() == null || props.getDomainName() == null) {
            throw new IllegalArgumentException("ControlPlane " + path + ": "
                    + (props.getCertificate() == null ? "certificate" : "domainName")
                    + " is required (the load balancer serves TLS with an ACM certificate for domainName)");
        }
        if (props.getStore() != null && props.getStoreCredentials() == null) {
            throw new IllegalArgumentException("ControlPlane " + path
                    + ": storeCredentials is required with store (the secret of its user: username, password, dbname)");
        }
        if (props.getAllowedCidr() != null
                && !IPV4_CIDR.matcher(props.getAllowedCidr()).matches()) {
            throw new IllegalArgumentException("ControlPlane " + path + ": allowedCidr: '" + props.getAllowedCidr()
                    + "' (expected: an IPv4 CIDR such as 10.0.0.0/16)");
        }
        Number count =
                props.getInstanceCount() == null ? 2 : Validation.atLeast(props.getInstanceCount(), 1, "instanceCount");
        this.vpc = props.getVpc();
        this.subnets = props.getVpcSubnets() != null
                ? props.getVpcSubnets()
                : SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .build();
        this.domainName = props.getDomainName();
        this.jar =
                Asset.Builder.create(this, "Jar").path(jarPath(props.getJar())).build();

        this.loadBalancerSecurityGroup =
                securityGroup("LoadBalancerSecurityGroup", "svc-connect control plane load balancer");
        if (props.getAllowedCidr() != null) {
            loadBalancerSecurityGroup.addIngressRule(
                    Peer.ipv4(props.getAllowedCidr()), Port.tcp(443), "svc-connect control plane: allowedCidr");
        }
        InstanceGroup group = new InstanceGroup(this, vpc, "svc-connect control plane instances");
        SecurityGroup instanceSecurityGroup = group.securityGroup();
        instanceSecurityGroup.addIngressRule(
                loadBalancerSecurityGroup,
                Port.tcp(INSTANCE_PORT),
                "svc-connect control plane: from its load balancer");

        ISecret storeSecret;
        if (props.getStore() != null) {
            this.store = props.getStore();
            storeSecret = props.getStoreCredentials();
            store.getConnections().allowDefaultPortFrom(instanceSecurityGroup, "svc-connect control plane instances");
        } else {
            SecurityGroup storeSecurityGroup = securityGroup("StoreSecurityGroup", "svc-connect control plane store");
            DatabaseInstance created = DatabaseInstance.Builder.create(this, "Store")
                    .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                            .version(PostgresEngineVersion.VER_15)
                            .build()))
                    .instanceType(
                            props.getDatabaseInstanceType() != null
                                    ? props.getDatabaseInstanceType()
                                    : InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
                    .vpc(vpc)
                    .vpcSubnets(subnets)
                    .securityGroups(List.of(storeSecurityGroup))
                    .credentials(Credentials.fromGeneratedSecret("svcconnect"))
                    .databaseName("svcconnect")
                    .allocatedStorage(20)
                    .storageEncrypted(true)
                    .backupRetention(Duration.days(7))
                    .build();
            created.getConnections().allowDefaultPortFrom(instanceSecurityGroup, "svc-connect control plane instances");
            this.store = created;
            storeSecret = created.getSecret();
            suppressStoreFindings(created);
        }

        this.adminSecret = software.amazon.awscdk.services.secretsmanager.Secret.Builder.create(this, "AdminKey")
                .description("svc-connect admin key (put by the control plane's instances; the provider signs with it)")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{}")
                        .generateStringKey("placeholder")
                        .build())
                .build();
        var dataKeySecret = software.amazon.awscdk.services.secretsmanager.Secret.Builder.create(this, "DataKey")
                .description("svc-connect data key seed: the control plane replicas seal secrets in the store with it")
                .generateSecretString(SecretStringGenerator.builder()
                        .excludePunctuation(true)
                        .passwordLength(64)
                        .build())
                .build();

        // The instances read the jar, the store's and the data key's secrets, and put the admin key.
        Role role = group.role();
        jar.grantRead(role);
        storeSecret.grantRead(role);
        dataKeySecret.grantRead(role);
        adminSecret.grantWrite(role);
        List<String> privateCas = props.getPrivateCertificateAuthorities();
        if (!privateCas.isEmpty()) {
            // The issuer of the workload certificates of the services whose tls block names one of them.
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of(
                            "acm-pca:IssueCertificate",
                            "acm-pca:GetCertificate",
                            "acm-pca:GetCertificateAuthorityCertificate"))
                    .resources(privateCas)
                    .build());
        }

        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("SVC_CONNECT_JAR_URL", jar.getS3ObjectUrl());
        variables.put("SVC_CONNECT_REGION", Aws.REGION);
        variables.put("SVC_CONNECT_ACCOUNT", Aws.ACCOUNT_ID);
        variables.put("SVC_CONNECT_DOMAIN", domainName);
        variables.put("SVC_CONNECT_STORE_HOST", store.getDbInstanceEndpointAddress());
        variables.put("SVC_CONNECT_STORE_PORT", store.getDbInstanceEndpointPort());
        variables.put("SVC_CONNECT_STORE_SECRET", storeSecret.getSecretArn());
        variables.put("SVC_CONNECT_DATA_KEY_SECRET", dataKeySecret.getSecretArn());
        variables.put("SVC_CONNECT_ADMIN_SECRET", adminSecret.getSecretArn());
        variables.put("SVC_CONNECT_AWS_PRIVATE_CA", privateCas.isEmpty() ? "0" : "1");
        variables.put("SVC_CONNECT_JVM_OPTIONS", String.join(" ", JvmOptions.controlPlane()));
        this.instances = group.autoScalingGroup(
                subnets,
                props.getInstanceType() != null
                        ? props.getInstanceType()
                        : InstanceType.of(InstanceClass.T3, InstanceSize.SMALL),
                "control-plane-user-data.sh",
                variables,
                count,
                count,
                null,
                // Created once every instance runs the control plane and has put the admin key, which
                // the provider's first call needs.
                Signals.waitForMinCapacity(
                        SignalsOptions.builder().timeout(Duration.minutes(20)).build()));
        instances.getNode().addDependency(store);

        this.loadBalancer = NetworkLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(vpc)
                .vpcSubnets(subnets)
                .internetFacing(false)
                .crossZoneEnabled(true)
                .securityGroups(List.of(loadBalancerSecurityGroup))
                .build();
        loadBalancer
                .addListener(
                        "Tls",
                        BaseNetworkListenerProps.builder()
                                .port(443)
                                .protocol(Protocol.TLS)
                                .certificates(
                                        List.of(ListenerCertificate.fromCertificateManager(props.getCertificate())))
                                .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                                .build())
                .addTargets(
                        "Instances",
                        AddNetworkTargetsProps.builder()
                                .port(INSTANCE_PORT)
                                .protocol(Protocol.TLS)
                                .targets(List.of(instances))
                                .deregistrationDelay(Duration.seconds(30))
                                .healthCheck(
                                        software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
                                                .protocol(Protocol.TCP)
                                                .interval(Duration.seconds(10))
                                                .build())
                                .build());
        CdkNagSuppressions.suppress(
                loadBalancer,
                "AwsSolutions-ELB2",
                "An internal load balancer in front of the control plane, which logs every call itself; access logs"
                        + " would need a bucket of their own for connection records only.",
                null);
        CdkNagSuppressions.suppress(
                adminSecret,
                "AwsSolutions-SMG4",
                "The admin key is svc-connect's own access key, put here by the control plane instances; it is"
                        + " rotated with 'svc-connect credentials create' and a stack update, not by a rotation function.",
                null);
        CdkNagSuppressions.suppress(
                dataKeySecret,
                "AwsSolutions-SMG4",
                "The seed of the data key that seals secrets in the store: every replica derives the same key from"
                        + " it, and a new value would leave the sealed secrets unreadable.",
                null);
        if (props.getHostedZone() != null) {
            ARecord.Builder.create(this, "Alias")
                    .zone(props.getHostedZone())
                    .recordName(domainName)
                    .target(RecordTarget.fromAlias(new LoadBalancerTarget(loadBalancer)))
                    .build();
        }
    }

    /** The cdk-nag findings of the store this construct creates that are kept on purpose, with their reasons. */
    private static void suppressStoreFindings(DatabaseInstance store) {
        CdkNagSuppressions.suppress(
                store,
                "AwsSolutions-RDS3",
                "A single-AZ instance keeps the default's cost down; the data plane keeps serving what it knows while"
                        + " the store is restored. Give the ControlPlane a Multi-AZ instance as its store for more.",
                null);
        CdkNagSuppressions.suppress(
                store,
                "AwsSolutions-RDS10",
                "Deletion protection would make 'cdk destroy' fail; the instance's removal policy keeps a final"
                        + " snapshot instead.",
                null);
        CdkNagSuppressions.suppress(
                store,
                "AwsSolutions-RDS11",
                "The database admits its port only from the control plane instances' security group, in private"
                        + " subnets: another port would hide nothing from them.",
                null);
        // The generated secret itself (getSecret() answers its attachment to the instance).
        CdkNagSuppressions.suppress(
                store.getNode().findChild("Secret"),
                "AwsSolutions-SMG4",
                "The control plane instances read the password once at boot: a rotation would cut running replicas"
                        + " off the store until they are replaced.",
                null);
    }

    /** A builder of a control plane {@code id} in {@code scope}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final ControlPlaneProps.Builder props = ControlPlaneProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /** A builder. */
        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see ControlPlaneProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            props.vpc(vpc);
            return this;
        }

        /** @see ControlPlaneProps#getCertificate() */
        public Builder certificate(ICertificate certificate) {
            props.certificate(certificate);
            return this;
        }

        /** @see ControlPlaneProps#getDomainName() */
        public Builder domainName(String domainName) {
            props.domainName(domainName);
            return this;
        }

        /** @see ControlPlaneProps#getHostedZone() */
        public Builder hostedZone(IHostedZone hostedZone) {
            props.hostedZone(hostedZone);
            return this;
        }

        /** @see ControlPlaneProps#getInstanceCount() */
        public Builder instanceCount(Number instanceCount) {
            props.instanceCount(instanceCount);
            return this;
        }

        /** @see ControlPlaneProps#getInstanceType() */
        public Builder instanceType(InstanceType instanceType) {
            props.instanceType(instanceType);
            return this;
        }

        /** @see ControlPlaneProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            props.vpcSubnets(vpcSubnets);
            return this;
        }

        /** @see ControlPlaneProps#getAllowedCidr() */
        public Builder allowedCidr(String allowedCidr) {
            props.allowedCidr(allowedCidr);
            return this;
        }

        /** @see ControlPlaneProps#getPrivateCertificateAuthorities() */
        public Builder privateCertificateAuthorities(List<String> privateCertificateAuthorityArns) {
            props.privateCertificateAuthorities(privateCertificateAuthorityArns);
            return this;
        }

        /** @see ControlPlaneProps#getPrivateCertificateAuthorities() */
        public Builder privateCertificateAuthorities(ICertificateAuthority... authorities) {
            props.privateCertificateAuthorities(authorities);
            return this;
        }

        /** @see ControlPlaneProps#getStore() */
        public Builder store(IDatabaseInstance store) {
            props.store(store);
            return this;
        }

        /** @see ControlPlaneProps#getStoreCredentials() */
        public Builder storeCredentials(ISecret storeCredentials) {
            props.storeCredentials(storeCredentials);
            return this;
        }

        /** @see ControlPlaneProps#getDatabaseInstanceType() */
        public Builder databaseInstanceType(InstanceType databaseInstanceType) {
            props.databaseInstanceType(databaseInstanceType);
            return this;
        }

        /** @see ControlPlaneProps#getJar() */
        public Builder jar(String jar) {
            props.jar(jar);
            return this;
        }

        /** The control plane. */
        public ControlPlane build() {
            return new ControlPlane(scope, id, props.build());
        }
    }

    /** The URL the hosts and the provider call: {@code https://DOMAIN_NAME}. */
    public String getEndpoint() {
        return "https://" + domainName;
    }

    /** The VPC it runs in. */
    public IVpc getVpc() {
        return vpc;
    }

    /** The subnets of its instances, also those of the hosts and the provider unless they say otherwise. */
    public SubnetSelection getVpcSubnets() {
        return subnets;
    }

    /** The secret holding the admin key ({@code {"accessKeyId", "secretAccessKey"}}) the provider signs with. */
    public ISecret getAdminSecret() {
        return adminSecret;
    }

    /** The svc-connect jar as an S3 asset, which the hosts run too. */
    public Asset getJar() {
        return jar;
    }

    /** The internal Network Load Balancer in front of the instances. */
    public NetworkLoadBalancer getLoadBalancer() {
        return loadBalancer;
    }

    /** The Auto Scaling group of the instances. */
    public AutoScalingGroup getInstances() {
        return instances;
    }

    /** The database of the store. */
    public IDatabaseInstance getStore() {
        return store;
    }

    /** Lets {@code client} (the security group of hosts or of the provider) call the control plane. */
    public void allowClient(ISecurityGroup client, String description) {
        loadBalancerSecurityGroup.addIngressRule(client, Port.tcp(443), description);
    }

    private SecurityGroup securityGroup(String id, String description) {
        return SecurityGroup.Builder.create(this, id)
                .vpc(vpc)
                .description(description)
                .allowAllOutbound(true)
                .build();
    }

    private String jarPath(String given) {
        Object fromContext = getNode().tryGetContext(JAR_CONTEXT);
        String jarPath = given != null ? given : fromContext == null ? null : String.valueOf(fromContext);
        if (jarPath == null) {
            throw new IllegalArgumentException("ControlPlane " + getNode().getPath() + ": jar is required (the path of"
                    + " svc-connect.jar, built by ./mvnw -pl provider-runtime/cli -am package), or the context value "
                    + JAR_CONTEXT);
        }
        if (!Files.isRegularFile(Path.of(jarPath))) {
            throw new IllegalArgumentException("ControlPlane " + getNode().getPath() + ": jar: '" + jarPath
                    + "' is not a file (build it with ./mvnw -pl provider-runtime/cli -am package)");
        }
        return jarPath;
    }
}
