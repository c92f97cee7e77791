/**
 * Who a workload of the mesh is: {@link dev.svcconnect.model.identity.WorkloadIdentity} names a
 * Service Connect service of a namespace as a SPIFFE ID, the URI SAN of the certificate its proxy
 * presents on every hop between proxies. The control plane issues it, the client proxy checks it
 * names the service it meant to reach, and the server proxy reads it to apply the access policy.
 */
package dev.svcconnect.model.identity;
