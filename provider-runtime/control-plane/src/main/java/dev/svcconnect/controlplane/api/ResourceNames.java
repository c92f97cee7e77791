package dev.svcconnect.controlplane.api;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * The account, Region and clock of the control plane, and the ARNs and ids made from them, shaped
 * like the real ones: {@code arn:aws:ecs:us-east-1:000000000000:cluster/NAME}. The configured
 * region is the default one (of the data plane's unqualified names); a call's own region comes from
 * its signature and gives its ARNs through {@link #inRegion}.
 *
 * @param accountId twelve digits
 * @param region e.g. {@code us-east-1}
 * @param clock the time of {@code createdAt} and other timestamps
 */
public record ResourceNames(String accountId, String region, Clock clock) {

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    public ResourceNames {
        requireNonNull(accountId, "accountId");
        requireNonNull(region, "region");
        requireNonNull(clock, "clock");
        if (!ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("accountId: '" + accountId + "' (expected: 12 digits)");
        }
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region: '" + region + "' (expected: a Region name such as us-east-1)");
        }
    }

    /** The same account and clock in another region. */
    public ResourceNames inRegion(String otherRegion) {
        return otherRegion.equals(region) ? this : new ResourceNames(accountId, otherRegion, clock);
    }

    /** {@code arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE}. */
    public String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + accountId + ":" + resource;
    }

    /** The time now in the JSON protocol's form: seconds since the epoch, with milliseconds. */
    public double now() {
        return clock.millis() / 1000.0;
    }

    /** A random hexadecimal id of {@code length} characters, as ECS task ids. */
    public static String hexId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(Character.forDigit(RANDOM.nextInt(16), 16));
        }
        return id.toString();
    }

    /** A random lower-case id of {@code length} characters, as Cloud Map ids ({@code ns-...}). */
    public static String base32Id(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(BASE32[RANDOM.nextInt(BASE32.length)]);
        }
        return id.toString();
    }

    /** A random decimal id of {@code length} digits, as ECS deployment ids. */
    public static String decimalId(int length) {
        StringBuilder id = new StringBuilder(length);
        id.append(1 + RANDOM.nextInt(9));
        for (int i = 1; i < length; i++) {
            id.append(RANDOM.nextInt(10));
        }
        return id.toString();
    }
}
