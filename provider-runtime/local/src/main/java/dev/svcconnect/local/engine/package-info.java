/**
 * Applies stacks with CloudFormation's semantics: {@link dev.svcconnect.local.engine.LocalEngine}
 * deploys and destroys the stacks of an assembly; each deploy computes the change from the
 * stack's last record (creates, updates, replacements, deletes), applies it in dependency order
 * through the provider's handlers ({@link dev.svcconnect.local.engine.ProviderCalls}), rolls back
 * on failure, and prints progress as {@code cdk deploy} does ({@link dev.svcconnect.local.engine.Progress}).
 */
package dev.svcconnect.local.engine;
