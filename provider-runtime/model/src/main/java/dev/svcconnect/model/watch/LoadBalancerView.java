package dev.svcconnect.model.watch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What a host load balancer in front of a discovery name follows ({@code GET
 * /watch/v1/namespaces/{namespace}/load-balancers/{discoveryName}}): the endpoints, and whether and
 * how it reaches them with mutual TLS.
 *
 * @param endpoints the healthy endpoints of the discovery name, sorted
 * @param mutualTls whether the namespace's hops are mutual TLS
 * @param trustDomain the mesh's SPIFFE trust domain
 * @param serverIdentity the SPIFFE ID the endpoints prove: the discovery name's
 * @param identity the load balancer's own SPIFFE ID, which its certificate names
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoadBalancerView(
        List<String> endpoints, boolean mutualTls, String trustDomain, String serverIdentity, String identity) {

    public LoadBalancerView {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
}
