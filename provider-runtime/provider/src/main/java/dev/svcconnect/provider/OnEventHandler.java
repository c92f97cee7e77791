package dev.svcconnect.provider;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * The onEvent Lambda function of the CDK provider framework: starts the Create, Update or Delete
 * of a {@code Custom::SvcConnect*} resource and answers its {@code PhysicalResourceId} and
 * {@code Data}. The endpoint it calls is {@value ControlPlane#ENDPOINT_VARIABLE}.
 */
public final class OnEventHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final SvcConnectProvider provider;

    /** The Lambda runtime's constructor: the endpoint comes from the environment. */
    public OnEventHandler() {
        this(new SvcConnectProvider(ControlPlane.fromEnvironment()));
    }

    /** A handler that calls {@code provider}. */
    public OnEventHandler(SvcConnectProvider provider) {
        this.provider = provider;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> answer = provider.onEvent(event);
        if (context != null) {
            context.getLogger()
                    .log("onEvent " + event.get("RequestType") + " " + event.get("ResourceType") + " "
                            + event.get("LogicalResourceId") + " -> " + answer.get("PhysicalResourceId") + "\n");
        }
        return answer;
    }
}
