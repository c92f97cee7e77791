package dev.svcconnect.controlplane.document;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One element of a deployment's {@code serviceConnectConfiguration.services}: a port mapping
 * published under a discovery name, with at most one client alias.
 */
public final class ServiceConnectEntry {

    private final JsonNode json;

    private ServiceConnectEntry(JsonNode json) {
        this.json = requireNonNull(json, "json");
    }

    /** A view over a stored entry. */
    public static ServiceConnectEntry of(JsonNode json) {
        return new ServiceConnectEntry(json);
    }

    /** A client alias: the DNS name and port that clients of the namespace use. */
    public record ClientAlias(String dnsName, int port) {}

    public JsonNode json() {
        return json;
    }

    /** The name of the task definition's port mapping it publishes. */
    public String portName() {
        return json.path("portName").asText();
    }

    public String discoveryName() {
        return json.path("discoveryName").asText();
    }

    /** The port the task's inbound proxy listens on when its host did not report one, if set. */
    public Optional<Integer> ingressPortOverride() {
        JsonNode port = json.get("ingressPortOverride");
        return port == null ? Optional.empty() : Optional.of(port.asInt());
    }

    /** The entry's client alias, if it has one. */
    public Optional<ClientAlias> clientAlias() {
        JsonNode alias = json.path("clientAliases").path(0);
        if (alias.isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(new ClientAlias(
                alias.path("dnsName").asText(), alias.path("port").asInt()));
    }

    /** The {@code tls.issuerCertificateAuthority.awsPcaAuthorityArn} of the entry, if it has a {@code tls} block. */
    public Optional<String> privateCaArn() {
        JsonNode arn = json.path("tls").path("issuerCertificateAuthority").get("awsPcaAuthorityArn");
        return arn == null || arn.isNull() ? Optional.empty() : Optional.of(arn.asText());
    }

    /** The entry's {@code timeout} object, or null. */
    public JsonNode timeout() {
        return json.get("timeout");
    }

    /** The {@code timeout.perRequestTimeoutSeconds} of the entry, if set. */
    public OptionalInt perRequestTimeoutSeconds() {
        return timeoutSeconds("perRequestTimeoutSeconds");
    }

    /** The {@code timeout.idleTimeoutSeconds} of the entry, if set. */
    public OptionalInt idleTimeoutSeconds() {
        return timeoutSeconds("idleTimeoutSeconds");
    }

    private OptionalInt timeoutSeconds(String field) {
        JsonNode seconds = json.path("timeout").get(field);
        return seconds == null ? OptionalInt.empty() : OptionalInt.of(seconds.asInt());
    }
}
