package dev.svcconnect.provider;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * The isComplete Lambda function of the CDK provider framework: answers {@code IsComplete: true}
 * (with {@code Data}) once a resource has reached its desired state, such as a service's steady
 * state, {@code false} while it is on its way, and fails with the reason when it cannot get there.
 */
public final class IsCompleteHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final SvcConnectProvider provider;

    /** The Lambda runtime's constructor: the endpoint comes from the environment. */
    public IsCompleteHandler() {
        this(new SvcConnectProvider(ControlPlane.fromEnvironment()));
    }

    /** A handler that calls {@code provider}. */
    public IsCompleteHandler(SvcConnectProvider provider) {
        this.provider = provider;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> answer = provider.isComplete(event);
        if (context != null) {
            context.getLogger()
                    .log("isComplete " + event.get("RequestType") + " " + event.get("ResourceType") + " "
                            + event.get("LogicalResourceId") + " -> " + answer.get("IsComplete") + "\n");
        }
        return answer;
    }
}
