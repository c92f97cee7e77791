package dev.svcconnect.constructs.internal;

import dev.svcconnect.constructs.ControlPlane;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.customresources.LogOptions;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The one custom resource provider of a stack: the CDK provider framework with an onEvent and an
 * isComplete Lambda function ({@code java21}) whose code is the embedded provider jar. Its waiter
 * state machine logs every event to CloudWatch Logs; the cdk-nag AwsSolutions findings it keeps
 * carry their reasons ({@link CdkNagSuppressions}).
 *
 * <p>With a {@link ControlPlane} in the app (declared before the stack's first svc-connect
 * resource), the functions run in its VPC with a security group it admits, call its endpoint and
 * sign with the admin key of its secret ({@code SVC_CONNECT_ADMIN_SECRET}), which their role may
 * read; never with the role's own credentials. Without one, the stack parameter
 * {@value #ENDPOINT_PARAMETER} names the control plane: its default is the context value
 * {@value #ENDPOINT_CONTEXT}, else {@value #DEFAULT_ENDPOINT} for a stack with no concrete account
 * (the local engine's); a stack with a concrete account (not {@value #LOCAL_ACCOUNT}) and neither is a synth error naming the
 * parameter, since a Lambda function's loopback is no control plane. An empty value makes the
 * handlers call the region's Amazon ECS and AWS Cloud Map.
 */
public final class StackProvider extends Construct {

    /** The stack parameter naming the control plane endpoint. */
    public static final String ENDPOINT_PARAMETER = "SvcConnectEndpoint";
    /** The context key that sets the parameter's default. */
    public static final String ENDPOINT_CONTEXT = "svc-connect:endpoint";
    /** The parameter's default when the context does not set one. */
    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:7700";

    /** The account of the local engine's and the local control plane's ARNs. */
    public static final String LOCAL_ACCOUNT = "000000000000";

    private static final String ID = "SvcConnectProvider";

    private final String serviceToken;
    private final ControlPlane controlPlane;
    private final Function onEvent;

    private StackProvider(Stack stack) {
        super(stack, ID);
        this.controlPlane = controlPlaneOf(stack);
        Map<String, String> environment = new LinkedHashMap<>();
        SecurityGroup securityGroup = null;
        if (controlPlane != null) {
            environment.put("SVC_CONNECT_ENDPOINT", controlPlane.getEndpoint());
            environment.put(
                    "SVC_CONNECT_ADMIN_SECRET", controlPlane.getAdminSecret().getSecretArn());
            securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                    .vpc(controlPlane.getVpc())
                    .description("svc-connect provider functions of " + stack.getStackName())
                    .allowAllOutbound(true)
                    .build();
            controlPlane.allowClient(
                    securityGroup, "svc-connect provider of " + stack.getNode().getPath());
        } else {
            environment.put("SVC_CONNECT_ENDPOINT", endpointParameter(stack).getValueAsString());
        }
        Code code = Code.fromAsset(EmbeddedProviderJar.path().toString());
        this.onEvent = function("OnEvent", "dev.svcconnect.provider.OnEventHandler", code, environment, securityGroup);
        Function isComplete =
                function("IsComplete", "dev.svcconnect.provider.IsCompleteHandler", code, environment, securityGroup);
        if (controlPlane != null) {
            controlPlane.getAdminSecret().grantRead(onEvent);
            controlPlane.getAdminSecret().grantRead(isComplete);
            // The first event needs a running control plane and its admin key in the secret.
            onEvent.getNode().addDependency(controlPlane.getInstances());
            isComplete.getNode().addDependency(controlPlane.getInstances());
        }
        this.serviceToken = Provider.Builder.create(this, "Framework")
                .onEventHandler(onEvent)
                .isCompleteHandler(isComplete)
                .queryInterval(Duration.seconds(5))
                .totalTimeout(Duration.minutes(30))
                .disableWaiterStateMachineLogging(false)
                .waiterStateMachineLogOptions(
                        LogOptions.builder().level(LogLevel.ALL).build())
                .build()
                .getServiceToken();
        CdkNagSuppressions.addTo(this);
        getNode().addValidation(this::validate);
    }

    private CfnParameter endpointParameter(Stack stack) {
        Object fromContext = getNode().tryGetContext(ENDPOINT_CONTEXT);
        CfnParameter.Builder parameter = CfnParameter.Builder.create(stack, ENDPOINT_PARAMETER)
                .type("String")
                .description("The svc-connect control plane that the custom resource handlers call"
                        + " (empty: the region's Amazon ECS and AWS Cloud Map)");
        if (fromContext != null) {
            parameter.defaultValue(String.valueOf(fromContext));
        } else if (!onAws(stack)) {
            parameter.defaultValue(DEFAULT_ENDPOINT);
        }
        return parameter.build();
    }

    private List<String> validate() {
        Stack stack = Stack.of(this);
        List<String> errors = new ArrayList<>();
        ControlPlane declared = controlPlaneOf(stack);
        if (controlPlane == null && declared != null) {
            errors.add("The ControlPlane " + declared.getNode().getPath() + " is declared after the svc-connect"
                    + " provider of stack " + stack.getNode().getPath()
                    + " was created, which therefore does not call it:"
                    + " declare the ControlPlane before the stack's clusters, namespaces and task definitions");
        }
        if (declared == null && onAws(stack) && getNode().tryGetContext(ENDPOINT_CONTEXT) == null) {
            errors.add(ENDPOINT_PARAMETER + ": stack " + stack.getNode().getPath() + " has a concrete account ("
                    + stack.getAccount() + ") and no ControlPlane in the app, so its provider Lambda functions need"
                    + " the control plane's URL: declare a ControlPlane, or set the context value " + ENDPOINT_CONTEXT
                    + " (cdk synth -c " + ENDPOINT_CONTEXT + "=https://...); " + DEFAULT_ENDPOINT
                    + " would be the functions' own loopback");
        }
        return errors;
    }

    /**
     * Whether the stack names a concrete AWS account: not a token, and not {@value #LOCAL_ACCOUNT},
     * the account of the local engine's ARNs.
     */
    private static boolean onAws(Stack stack) {
        return !Token.isUnresolved(stack.getAccount()) && !LOCAL_ACCOUNT.equals(stack.getAccount());
    }

    /** The first {@link ControlPlane} of the app of {@code stack}, or null. */
    private static ControlPlane controlPlaneOf(Stack stack) {
        for (IConstruct construct : stack.getNode().getRoot().getNode().findAll()) {
            if (construct instanceof ControlPlane found) {
                return found;
            }
        }
        return null;
    }

    /** The app's {@link ControlPlane} that the provider calls, or null when it calls {@value #ENDPOINT_PARAMETER}. */
    public ControlPlane controlPlane() {
        return controlPlane;
    }

    /** Lets the onEvent function put a host fleet's join token into {@code secret}. */
    public void allowPutJoinToken(ISecret secret) {
        secret.grantWrite(onEvent);
    }

    /** The provider of {@code scope}'s stack, created on first use. */
    public static StackProvider of(IConstruct scope) {
        Stack stack = Stack.of(scope);
        IConstruct existing = stack.getNode().tryFindChild(ID);
        return existing != null ? (StackProvider) existing : new StackProvider(stack);
    }

    /** A {@code Custom::SvcConnect*} resource {@code id} in {@code scope}, served by this provider. */
    public CustomResource resource(Construct scope, String id, String resourceType, Map<String, Object> properties) {
        return CustomResource.Builder.create(scope, id)
                .serviceToken(serviceToken)
                .resourceType(resourceType)
                .properties(new LinkedHashMap<>(properties))
                .build();
    }

    private Function function(
            String id, String handlerClass, Code code, Map<String, String> environment, SecurityGroup securityGroup) {
        Function.Builder function = Function.Builder.create(this, id)
                .runtime(Runtime.JAVA_21)
                .handler(handlerClass + "::handleRequest")
                .code(code)
                .memorySize(512)
                .timeout(Duration.minutes(1))
                .environment(environment)
                .description("svc-connect custom resource handler (" + id + ")");
        if (controlPlane != null) {
            function.vpc(controlPlane.getVpc())
                    .vpcSubnets(controlPlane.getVpcSubnets())
                    .securityGroups(List.of(securityGroup));
        }
        return function.build();
    }
}
