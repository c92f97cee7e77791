/**
 * The svc-connect CDK construct library: declare Service Connect namespaces, clusters, task
 * definitions and services the way {@code aws-cdk-lib/aws-ecs} does, and synthesize
 * {@code Custom::SvcConnect*} resources that the embedded provider deploys to a svc-connect
 * control plane. Start with {@link dev.svcconnect.constructs.Cluster},
 * {@link dev.svcconnect.constructs.TaskDefinition} and
 * {@link dev.svcconnect.constructs.FargateService} / {@link dev.svcconnect.constructs.Ec2Service}
 * with {@link dev.svcconnect.constructs.BaseService#enableServiceConnect()}. Existing resources are
 * imported as {@link dev.svcconnect.constructs.ICluster}, {@link dev.svcconnect.constructs.INamespace},
 * {@link dev.svcconnect.constructs.ITaskDefinition} and {@link dev.svcconnect.constructs.IBaseService};
 * {@code docs/constructs.md} has a table for porting an aws-cdk-lib app.
 */
package dev.svcconnect.constructs;
