package dev.svcconnect.constructs.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.LogOptions;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The one custom resource provider of a stack: the CDK provider framework with an onEvent and an
 * isComplete Lambda function (Java 17) whose code is the embedded provider jar, and the stack
 * parameter {@value #ENDPOINT_PARAMETER} naming the control plane they call. Its waiter state
 * machine logs every event to CloudWatch Logs; the cdk-nag AwsSolutions findings it keeps carry
 * their reasons ({@link CdkNagSuppressions}).
 *
 * <p>The parameter's default is the context value {@value #ENDPOINT_CONTEXT} if set, otherwise
 * {@value #DEFAULT_ENDPOINT}; an empty value makes the handlers call the region's Amazon ECS and
 * AWS Cloud Map.
 */
public final class StackProvider extends Construct {

    /** The stack parameter naming the control plane endpoint. */
    public static final String ENDPOINT_PARAMETER = "SvcConnectEndpoint";
    /** The context key that sets the parameter's default. */
    public static final String ENDPOINT_CONTEXT = "svc-connect:endpoint";
    /** The parameter's default when the context does not set one. */
    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:7700";

    private static final String ID = "SvcConnectProvider";

    private final String serviceToken;

    private StackProvider(Stack stack) {
        super(stack, ID);
        Object fromContext = getNode().tryGetContext(ENDPOINT_CONTEXT);
        CfnParameter endpoint = CfnParameter.Builder.create(stack, ENDPOINT_PARAMETER)
                .type("String")
                .defaultValue(fromContext == null ? DEFAULT_ENDPOINT : String.valueOf(fromContext))
                .description("The svc-connect control plane that the custom resource handlers call"
                        + " (empty: the region's Amazon ECS and AWS Cloud Map)")
                .build();
        Code code = Code.fromAsset(EmbeddedProviderJar.path().toString());
        Map<String, String> environment = Map.of("SVC_CONNECT_ENDPOINT", endpoint.getValueAsString());
        Function onEvent = function("OnEvent", "dev.svcconnect.provider.OnEventHandler", code, environment);
        Function isComplete = function("IsComplete", "dev.svcconnect.provider.IsCompleteHandler", code, environment);
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

    private Function function(String id, String handlerClass, Code code, Map<String, String> environment) {
        return Function.Builder.create(this, id)
                .runtime(Runtime.JAVA_17)
                .handler(handlerClass + "::handleRequest")
                .code(code)
                .memorySize(512)
                .timeout(Duration.minutes(1))
                .environment(environment)
                .description("svc-connect custom resource handler (" + id + ")")
                .build();
    }
}
