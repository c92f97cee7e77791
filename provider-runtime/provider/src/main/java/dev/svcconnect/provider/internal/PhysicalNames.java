package dev.svcconnect.provider.internal;

import dev.svcconnect.provider.ProviderEvent;
import dev.svcconnect.provider.RequestType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names for resources whose template leaves the name out, generated the way CloudFormation does:
 * {@code STACK-LOGICALID-SUFFIX}, the suffix a hash of the stack id and logical id, so that a
 * retried event generates the same name.
 */
public final class PhysicalNames {

    private static final int SUFFIX_LENGTH = 12;

    private PhysicalNames() {}

    /** A name of at most {@code maxLength} of {@code [A-Za-z0-9_-]} for {@code event}'s resource. */
    public static String generate(ProviderEvent event, int maxLength) {
        String suffix = hash(event.stackId() + "/" + event.logicalResourceId());
        String stack = sanitize(stackName(event.stackId()));
        String logical = sanitize(event.logicalResourceId());
        String prefix = stack.isEmpty() ? logical : stack + "-" + logical;
        int room = maxLength - SUFFIX_LENGTH - 1;
        if (prefix.length() > room) {
            prefix = prefix.substring(0, room);
        }
        return prefix + "-" + suffix;
    }

    /**
     * The name of {@code event}'s resource: property {@code field} when given; otherwise the name
     * already generated for it (an Update or Delete that had no name before either keeps it,
     * {@code lastSegment} of the physical id), or a new generated one.
     */
    public static String effective(ProviderEvent event, String field, int maxLength) {
        String given = event.properties().string(field);
        if (given != null && !given.isEmpty()) {
            return given;
        }
        boolean hadName = event.oldProperties().has(field);
        if (event.physicalResourceId() != null && !hadName && event.requestType() != RequestType.CREATE) {
            return lastSegment(event.physicalResourceId());
        }
        return generate(event, maxLength);
    }

    /** The last segment of an ARN's resource path, or the value itself if it has none. */
    public static String lastSegment(String arnOrName) {
        int slash = arnOrName.lastIndexOf('/');
        return slash < 0 ? arnOrName : arnOrName.substring(slash + 1);
    }

    private static String stackName(String stackId) {
        if (stackId == null) {
            return "";
        }
        int start = stackId.indexOf(":stack/");
        if (start < 0) {
            return stackId;
        }
        String rest = stackId.substring(start + ":stack/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static String sanitize(String value) {
        return value.replaceAll("[^A-Za-z0-9_-]", "");
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest).substring(0, SUFFIX_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
