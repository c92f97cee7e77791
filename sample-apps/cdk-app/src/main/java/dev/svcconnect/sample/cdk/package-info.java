/** {@link dev.svcconnect.sample.cdk.SampleApp}: the sample application as a CDK app. */
package dev.svcconnect.sample.cdk;
