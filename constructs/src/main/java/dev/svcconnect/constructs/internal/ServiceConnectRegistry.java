package dev.svcconnect.constructs.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The Service Connect offers of every service in an app, checked at synth time across stacks: a
 * discovery name, and a client alias ({@code dnsName:port}), may be used once per namespace. One
 * registry is attached to the root of the construct tree.
 */
public final class ServiceConnectRegistry extends Construct {

    private static final String ID = "SvcConnectRegistry";

    /**
     * One port a service offers to a namespace.
     *
     * @param namespace     the namespace's name
     * @param discoveryName the discovery name
     * @param dnsName       the client alias's DNS name
     * @param port          the client alias's port (a number, or a token's string form)
     * @param servicePath   the construct path of the service
     */
    public record Offer(String namespace, String discoveryName, String dnsName, String port, String servicePath) {}

    private final List<List<Offer>> offers = new ArrayList<>();

    private ServiceConnectRegistry(Construct root) {
        super(root, ID);
        getNode().addValidation(this::validate);
    }

    /** The registry of {@code scope}'s app, created on first use. */
    public static ServiceConnectRegistry of(IConstruct scope) {
        IConstruct root = scope.getNode().getRoot();
        IConstruct existing = root.getNode().tryFindChild(ID);
        return existing != null ? (ServiceConnectRegistry) existing : new ServiceConnectRegistry((Construct) root);
    }

    /** Registers a service's offers; the list is read at synth time. */
    public void register(List<Offer> serviceOffers) {
        offers.add(serviceOffers);
    }

    private List<String> validate() {
        List<String> errors = new ArrayList<>();
        Map<String, List<String>> discoveryNames = new LinkedHashMap<>();
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        for (List<Offer> serviceOffers : offers) {
            for (Offer offer : serviceOffers) {
                discoveryNames
                        .computeIfAbsent(offer.namespace() + "\n" + offer.discoveryName(), k -> new ArrayList<>())
                        .add(offer.servicePath());
                aliases.computeIfAbsent(
                                offer.namespace() + "\n" + offer.dnsName() + ":" + offer.port(), k -> new ArrayList<>())
                        .add(offer.servicePath());
            }
        }
        discoveryNames.forEach((key, services) -> {
            if (services.size() > 1) {
                String[] parts = key.split("\n", 2);
                errors.add("Cannot create multiple services with the discoveryName '" + parts[1] + "'. It is used in"
                        + " namespace '" + parts[0] + "' by " + String.join(" and ", services) + ".");
            }
        });
        aliases.forEach((key, services) -> {
            if (services.size() > 1) {
                String[] parts = key.split("\n", 2);
                errors.add("The client alias '" + parts[1] + "' is used more than once in namespace '" + parts[0]
                        + "', by " + String.join(" and ", services) + ".");
            }
        });
        return errors;
    }
}
