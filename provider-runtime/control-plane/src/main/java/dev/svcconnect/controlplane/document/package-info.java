/**
 * Typed views over the ECS resources the control plane stores: the store keeps the AWS wire shape
 * (what the Describe* operations answer), and the code reads and changes it through these classes.
 *
 * <p>Starting points: {@link dev.svcconnect.controlplane.document.Task} (a task: its owner, its
 * state, its placement, its {@linkplain dev.svcconnect.controlplane.document.Attributes
 * attributes}), {@link dev.svcconnect.controlplane.document.Service} with its
 * {@link dev.svcconnect.controlplane.document.Deployment}s, {@link
 * dev.svcconnect.controlplane.document.Host} (a container instance), {@link
 * dev.svcconnect.controlplane.document.Cluster} and {@link
 * dev.svcconnect.controlplane.document.TaskDefinition}. A view wraps the JSON object it was made
 * from: a change through the view is a change of that object, and {@code save(tx)} writes it with
 * its store keys.
 */
package dev.svcconnect.controlplane.document;
