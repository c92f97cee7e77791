/**
 * A cloud assembly as {@code cdk synth} writes it: {@link dev.svcconnect.local.assembly.CloudAssembly}
 * reads {@code manifest.json} and the stacks' templates
 * ({@link dev.svcconnect.local.assembly.StackTemplate}) and orders the stacks by their dependencies.
 */
package dev.svcconnect.local.assembly;
