/**
 * The CloudFormation custom resource provider of svc-connect. Start with
 * {@link dev.svcconnect.provider.OnEventHandler} and {@link dev.svcconnect.provider.IsCompleteHandler}
 * (the Lambda functions of the CDK provider framework) and
 * {@link dev.svcconnect.provider.SvcConnectProvider} (the dispatcher that the local engine calls
 * in-process). The handlers of each type live in {@code cloudmap} and {@code ecs}.
 */
package dev.svcconnect.provider;
