package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.model.jvm.JvmOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;

/** The AWS resources of {@link ControlPlane}, {@link HostFleet} with a control plane, and the provider in its VPC. */
class AwsProvisioningTest {

    private static final String AL2023 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64";

    /** A mesh: control plane, a cluster with a fleet of 3 hosts (2-5), one service. */
    private static Template mesh() {
        Stack stack = AwsApps.stack(new App());
        ControlPlane controlPlane =
                AwsApps.controlPlane(stack).allowedCidr("10.20.0.0/16").build();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        cluster.addHostFleet(
                "Hosts",
                HostFleetProps.builder()
                        .controlPlane(controlPlane)
                        .count(3)
                        .minCapacity(2)
                        .maxCapacity(5)
                        .instanceType(InstanceType.of(InstanceClass.M7I, InstanceSize.LARGE))
                        .cpu(2048)
                        .memory(7168)
                        .build());
        Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(Apps.task(stack, "Task", Apps.port("api", 8080, AppProtocol.HTTP)))
                .build();
        return Template.fromStack(stack);
    }

    @Test
    void theControlPlaneRunsAnAutoScalingGroupOfAmazonLinux2023InstancesBehindAnInternalTlsNetworkLoadBalancer() {
        Template template = mesh();

        Map<String, Map<String, Object>> groups = template.findResources(
                "AWS::AutoScaling::AutoScalingGroup",
                Map.of(
                        "Properties",
                        Match.objectLike(Map.of("MinSize", "2", "MaxSize", "2", "DesiredCapacity", Match.absent())),
                        "CreationPolicy",
                        Map.of("ResourceSignal", Map.of("Count", 2, "Timeout", "PT20M"))));
        assertThat(groups).hasSize(1);
        String group = groups.keySet().iterator().next();
        // The provider's first call waits for the instances' signal: control plane up, admin key put.
        template.hasResource(
                "AWS::Lambda::Function",
                Map.of(
                        "Properties",
                        Match.objectLike(Map.of("Runtime", "java21")),
                        "DependsOn",
                        Match.arrayWith(List.of(group))));
        assertThat(userDataOf(template, "t3.small"))
                .contains("SVC_CONNECT_SIGNAL_RESOURCE='" + group + "'")
                .contains("systemctl enable --now svc-connect-control-plane")
                .contains("/opt/aws/bin/cfn-signal --success true")
                // The same JVM options as every other launcher of a control plane.
                .contains("SVC_CONNECT_JVM_OPTIONS='" + String.join(" ", JvmOptions.controlPlane()) + "'")
                .contains("control_plane=(java \"${jvm_options[@]}\" -jar ");
        template.hasResourceProperties(
                "AWS::ElasticLoadBalancingV2::LoadBalancer",
                Map.of("Type", "network", "Scheme", "internal", "SecurityGroups", Match.anyValue()));
        template.hasResourceProperties(
                "AWS::ElasticLoadBalancingV2::Listener",
                Map.of(
                        "Protocol",
                        "TLS",
                        "Port",
                        443,
                        "Certificates",
                        List.of(Map.of("CertificateArn", AwsApps.CERTIFICATE_ARN)),
                        "SslPolicy",
                        Match.stringLikeRegexp("TLS13")));
        template.hasResourceProperties(
                "AWS::ElasticLoadBalancingV2::TargetGroup",
                Map.of("Protocol", "TLS", "Port", 7700, "TargetType", "instance", "HealthCheckProtocol", "TCP"));
        Map<String, Map<String, Object>> parameters = template.findParameters("*", Map.of("Default", AL2023));
        assertThat(parameters)
                .as(String.valueOf(template.toJSON().get("Parameters")))
                .hasSize(1);
        String ami = parameters.keySet().iterator().next();
        template.resourcePropertiesCountIs(
                "AWS::EC2::LaunchTemplate",
                Map.of(
                        "LaunchTemplateData",
                        Match.objectLike(Map.of(
                                "ImageId", Map.of("Ref", ami), "MetadataOptions", Map.of("HttpTokens", "required")))),
                2);
        template.hasResourceProperties(
                "AWS::EC2::LaunchTemplate",
                Map.of("LaunchTemplateData", Match.objectLike(Map.of("InstanceType", "t3.small"))));
    }

    @Test
    void theStoreIsAnEncryptedRdsPostgresInstanceAndTheSecretsAreInSecretsManager() {
        Template template = mesh();

        template.hasResourceProperties(
                "AWS::RDS::DBInstance",
                Map.of(
                        "Engine", "postgres",
                        "EngineVersion", "15",
                        "DBInstanceClass", "db.t4g.micro",
                        "DBName", "svcconnect",
                        "StorageEncrypted", true,
                        "PubliclyAccessible", false));
        // the store's user, the admin key, the replicas' data key seed, the fleet's join token
        template.resourceCountIs("AWS::SecretsManager::Secret", 4);
        template.hasResourceProperties(
                "AWS::SecretsManager::Secret", Map.of("Description", Match.stringLikeRegexp("svc-connect admin key")));
    }

    @Test
    void securityGroupsAdmitOnlyTheHostsTheProviderAndTheAllowedCidr() {
        Template template = mesh();
        String loadBalancerGroup = logicalId(template, "AWS::EC2::SecurityGroup", "load balancer");
        String instanceGroup = logicalId(template, "AWS::EC2::SecurityGroup", "control plane instances");
        String hostGroup = logicalId(template, "AWS::EC2::SecurityGroup", "svc-connect hosts");
        String providerGroup = logicalId(template, "AWS::EC2::SecurityGroup", "provider functions");

        Map<String, Map<String, Object>> ingress = template.findResources(
                "AWS::EC2::SecurityGroupIngress",
                Map.of("Properties", Map.of("GroupId", Map.of("Fn::GetAtt", List.of(loadBalancerGroup, "GroupId")))));
        assertThat(ingress.values())
                .<Object>extracting(resource -> ((Map<?, ?>) resource.get("Properties")).get("SourceSecurityGroupId"))
                .containsExactlyInAnyOrder(
                        Map.of("Fn::GetAtt", List.of(hostGroup, "GroupId")),
                        Map.of("Fn::GetAtt", List.of(providerGroup, "GroupId")));
        template.hasResourceProperties(
                "AWS::EC2::SecurityGroup",
                Map.of(
                        "GroupDescription",
                        Match.stringLikeRegexp("load balancer"),
                        "SecurityGroupIngress",
                        List.of(Map.of(
                                "CidrIp",
                                "10.20.0.0/16",
                                "FromPort",
                                443,
                                "ToPort",
                                443,
                                "IpProtocol",
                                "tcp",
                                "Description",
                                Match.anyValue()))));
        template.hasResourceProperties(
                "AWS::EC2::SecurityGroupIngress",
                Map.of(
                        "GroupId",
                        Map.of("Fn::GetAtt", List.of(instanceGroup, "GroupId")),
                        "SourceSecurityGroupId",
                        Map.of("Fn::GetAtt", List.of(loadBalancerGroup, "GroupId")),
                        "FromPort",
                        7700,
                        "ToPort",
                        7700));
        template.hasResourceProperties(
                "AWS::EC2::SecurityGroupIngress",
                Map.of(
                        "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(instanceGroup, "GroupId")),
                        "FromPort",
                                Map.of(
                                        "Fn::GetAtt",
                                        List.of(logicalId(template, "AWS::RDS::DBInstance", ""), "Endpoint.Port"))));
    }

    @Test
    void theHostFleetIsAnAutoScalingGroupWhoseUserDataRunsTheAgentWithTheJoinTokenFromSecretsManager() {
        Template template = mesh();
        String fleet = logicalId(template, "Custom::SvcConnectHostFleet", "");
        String tokenSecret = logicalId(template, "AWS::SecretsManager::Secret", "join token");

        template.hasResourceProperties(
                "Custom::SvcConnectHostFleet",
                Map.of("Count", 3, "Cpu", 2048, "Memory", 7168, "JoinTokenSecret", Map.of("Ref", tokenSecret)));
        template.hasResource(
                "AWS::AutoScaling::AutoScalingGroup",
                Map.of(
                        "Properties",
                        Match.objectLike(Map.of("MinSize", "2", "MaxSize", "5", "DesiredCapacity", "3")),
                        "DependsOn",
                        Match.arrayWith(List.of(fleet))));
        assertThat(userDataOf(template, "m7i.large"))
                .contains("SVC_CONNECT_JOIN_TOKEN_SECRET='")
                .contains("SVC_CONNECT_ENDPOINT='https://" + AwsApps.DOMAIN + "'")
                .contains("SVC_CONNECT_AGENT_OPTIONS='--cpu 2048 --memory 7168'")
                .contains("SVC_CONNECT_JVM_OPTIONS='" + String.join(" ", JvmOptions.agent()) + "'")
                .contains("dnf install -y -q java-21-amazon-corretto-headless")
                .contains("systemctl enable --now svc-connect-agent");
    }

    @Test
    void theHostsRoleMayOnlyReadTheJarAndItsJoinToken() {
        Template template = mesh();
        String hostRole = logicalId(template, "AWS::IAM::Role", "svc-connect hosts");
        String tokenSecret = logicalId(template, "AWS::SecretsManager::Secret", "join token");

        Map<String, Map<String, Object>> policies = template.findResources(
                "AWS::IAM::Policy",
                Map.of("Properties", Match.objectLike(Map.of("Roles", List.of(Map.of("Ref", hostRole))))));
        assertThat(policies).hasSize(1);
        List<?> statements = (List<?>)
                ((Map<?, ?>) ((Map<?, ?>) policies.values().iterator().next().get("Properties")).get("PolicyDocument"))
                        .get("Statement");
        assertThat(statements).hasSize(2);
        assertThat(statements.toString())
                .contains("s3:GetObject*")
                .contains("secretsmanager:GetSecretValue")
                .doesNotContain("PutSecretValue")
                .doesNotContain("Resource=*");
        assertThat(statements.get(1).toString()).contains(tokenSecret);
    }

    @Test
    void theProviderRunsJava21InTheVpcCallsTheControlPlaneAndSignsWithTheAdminKeyFromItsSecret() {
        Template template = mesh();
        String adminSecret = logicalId(template, "AWS::SecretsManager::Secret", "admin key");
        String tokenSecret = logicalId(template, "AWS::SecretsManager::Secret", "join token");

        template.resourcePropertiesCountIs(
                "AWS::Lambda::Function",
                Map.of(
                        "Runtime",
                        "java21",
                        "VpcConfig",
                        Map.of("SecurityGroupIds", Match.anyValue(), "SubnetIds", Match.anyValue()),
                        "Environment",
                        Map.of(
                                "Variables",
                                Map.of(
                                        "SVC_CONNECT_ENDPOINT",
                                        "https://" + AwsApps.DOMAIN,
                                        "SVC_CONNECT_ADMIN_SECRET",
                                        Map.of("Ref", adminSecret)))),
                2);
        assertThat(template.findParameters("SvcConnectEndpoint")).isEmpty();
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                Map.of(
                        "PolicyName",
                        Match.stringLikeRegexp("OnEvent"),
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Action",
                                        Match.arrayWith(List.of("secretsmanager:PutSecretValue")),
                                        "Resource",
                                        Map.of("Ref", tokenSecret))))),
                                "Version",
                                "2012-10-17")));
    }

    @Test
    void privateCertificateAuthoritiesMayOnlyIssueAndBeReadAndTurnOnTheControlPlanesSwitch() {
        String listed =
                "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-1111-1111-1111-111111111111";
        String imported =
                "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/22222222-2222-2222-2222-222222222222";
        Stack stack = AwsApps.stack(new App());
        AwsApps.controlPlane(stack)
                .privateCertificateAuthorities(List.of(listed))
                .build();
        Stack other = AwsApps.stack(new App());
        AwsApps.controlPlane(other)
                .privateCertificateAuthorities(
                        software.amazon.awscdk.services.acmpca.CertificateAuthority.fromCertificateAuthorityArn(
                                other, "Pca", imported))
                .build();

        Template template = Template.fromStack(stack);
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                Map.of(
                        "PolicyDocument",
                        Match.objectLike(Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Map.of(
                                        "Action",
                                        List.of(
                                                "acm-pca:IssueCertificate",
                                                "acm-pca:GetCertificate",
                                                "acm-pca:GetCertificateAuthorityCertificate"),
                                        "Effect",
                                        "Allow",
                                        "Resource",
                                        listed)))))));
        assertThat(userDataOf(template, "t3.small")).contains("SVC_CONNECT_AWS_PRIVATE_CA='1'");
        assertThat(template.findResources("AWS::IAM::Policy").toString()).doesNotContain("acm-pca:*");
        assertThat(Template.fromStack(other).findResources("AWS::IAM::Policy").toString())
                .contains(imported);
        Template without = mesh();
        assertThat(without.findResources("AWS::IAM::Policy").toString()).doesNotContain("acm-pca");
        assertThat(userDataOf(without, "t3.small")).contains("SVC_CONNECT_AWS_PRIVATE_CA='0'");
    }

    @Test
    void aGivenStoreIsUsedInsteadOfANewDatabase() {
        Stack stack = AwsApps.stack(new App());
        var vpc = software.amazon.awscdk.services.ec2.Vpc.Builder.create(stack, "StoreVpc")
                .build();
        var store = software.amazon.awscdk.services.rds.DatabaseInstance.Builder.create(stack, "Existing")
                .engine(software.amazon.awscdk.services.rds.DatabaseInstanceEngine.POSTGRES)
                .vpc(vpc)
                .build();
        ControlPlane.Builder.create(stack, "ControlPlane")
                .vpc(vpc)
                .certificate(software.amazon.awscdk.services.certificatemanager.Certificate.fromCertificateArn(
                        stack, "Certificate", AwsApps.CERTIFICATE_ARN))
                .domainName(AwsApps.DOMAIN)
                .jar(AwsApps.jar().toString())
                .store(store)
                .storeCredentials(store.getSecret())
                .build();

        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::RDS::DBInstance", 1);
        template.hasResourceProperties(
                "AWS::EC2::SecurityGroupIngress",
                Map.of("Description", "svc-connect control plane instances", "IpProtocol", "tcp"));
    }

    @Test
    void aConcreteAccountWithoutControlPlaneOrEndpointIsASynthErrorNamingSvcConnectEndpoint() {
        App app = new App();
        Stack stack = AwsApps.stack(app);
        Namespace.Builder.create(stack, "Ns").name("internal").build();

        assertThatThrownBy(app::synth)
                .hasMessageContaining("SvcConnectEndpoint: stack Mesh has a concrete account (123456789012) and no"
                        + " ControlPlane in the app")
                .hasMessageContaining("svc-connect:endpoint");

        App withContext = new App(AppProps.builder()
                .context(Map.of("svc-connect:endpoint", "https://cp.example.com"))
                .build());
        Stack given = AwsApps.stack(withContext);
        Namespace.Builder.create(given, "Ns").name("internal").build();
        Template.fromStack(given).hasParameter("SvcConnectEndpoint", Map.of("Default", "https://cp.example.com"));
    }

    @Test
    void aControlPlaneDeclaredAfterTheProviderIsASynthError() {
        App app = new App();
        Stack stack = AwsApps.stack(app);
        Namespace.Builder.create(stack, "Ns").name("internal").build();
        AwsApps.controlPlane(stack).build();

        assertThatThrownBy(app::synth)
                .hasMessageContaining("The ControlPlane Mesh/ControlPlane is declared after the svc-connect provider");
    }

    @Test
    void badPropsAreRefusedNamingTheField() {
        Stack stack = AwsApps.stack(new App());
        assertThatThrownBy(() -> ControlPlane.Builder.create(stack, "NoVpc").build())
                .hasMessageStartingWith("ControlPlane Mesh/NoVpc: vpc is required");
        assertThatThrownBy(() -> AwsApps.controlPlane(AwsApps.stack(new App()))
                        .allowedCidr("10.0.0.0/33")
                        .build())
                .hasMessage("ControlPlane Mesh/ControlPlane: allowedCidr: '10.0.0.0/33' (expected: an IPv4 CIDR such as"
                        + " 10.0.0.0/16)");
        assertThatThrownBy(() -> AwsApps.controlPlane(AwsApps.stack(new App()))
                        .jar("/nonexistent/svc-connect.jar")
                        .build())
                .hasMessageStartingWith(
                        "ControlPlane Mesh/ControlPlane: jar: '/nonexistent/svc-connect.jar' is not a file");
        Stack local = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(local);
        assertThatThrownBy(() -> cluster.addHostFleet(
                        "Hosts",
                        HostFleetProps.builder()
                                .instanceType(InstanceType.of(InstanceClass.T3, InstanceSize.LARGE))
                                .build()))
                .hasMessage("HostFleet Test/Cluster/Hosts: instanceType needs controlPlane (it shapes the Auto Scaling"
                        + " group of hosts on AWS)");
    }

    @Test
    void aLoadBalancerInAnAppWithAControlPlaneIsRefusedRatherThanGivenALoopbackUrl() {
        Stack stack = AwsApps.stack(new App());
        AwsApps.controlPlane(stack).build();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        Ec2Service api = Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(Apps.task(stack, "Task", Apps.port("api", 8080, AppProtocol.HTTP)))
                .build();

        assertThatThrownBy(() -> LoadBalancer.Builder.create(stack, "Page")
                        .service(api)
                        .discoveryName("api")
                        .port(8800)
                        .build())
                .hasMessageStartingWith("LoadBalancer Mesh/Page: not provisioned on AWS (the app has the ControlPlane"
                        + " Mesh/ControlPlane)");
    }

    /** The user data of the launch template of {@code instanceType}, its tokens as JSON. */
    private static String userDataOf(Template template, String instanceType) {
        Capture userData = new Capture();
        template.hasResourceProperties(
                "AWS::EC2::LaunchTemplate",
                Map.of(
                        "LaunchTemplateData",
                        Match.objectLike(
                                Map.of("InstanceType", instanceType, "UserData", Map.of("Fn::Base64", userData)))));
        return String.valueOf(userData.asObject());
    }

    /** The logical id of the one resource of {@code type} whose properties mention {@code text}. */
    private static String logicalId(Template template, String type, String text) {
        List<String> found = template.findResources(type).entrySet().stream()
                .filter(e -> String.valueOf(e.getValue().get("Properties")).contains(text))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(found).as("%s mentioning '%s'", type, text).hasSize(1);
        return found.get(0);
    }
}
