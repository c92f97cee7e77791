/**
 * The LocalStack suite ({@code ./mvnw verify -Plocalstack}): {@link
 * dev.svcconnect.sample.localstack.SampleStackOnLocalStackTest} deploys the sample's AWS stack with the
 * CDK CLI to LocalStack in Docker. It lives beside the sample app it deploys ({@code sample-apps/}),
 * not among the runtime's modules, because what it exercises is the user's path ({@code cdk bootstrap},
 * {@code cdk deploy} of an app built from the constructs), and it is a module of its own, listed only
 * in the root pom's {@code localstack} profile, so that the default build neither compiles nor counts
 * it: it needs a Docker engine and a LocalStack auth token.
 */
package dev.svcconnect.sample.localstack;
