package dev.svcconnect.agent.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The user and group a container runs as, resolved from its definition's {@code user} in the forms
 * ECS documents: {@code user}, {@code user:group}, {@code uid}, {@code uid:gid}, {@code user:gid},
 * {@code uid:group}. Names are looked up on this host ({@code getent}); a uid with no entry runs
 * with group {@value #NOGROUP} (nogroup), never root's group.
 *
 * @param uid the user id
 * @param gid the primary group id
 * @param home the user's home directory from the host's user database, or null when it has none
 * @param known whether the user has an entry (its supplementary groups are then set from it)
 */
public record RunAs(long uid, long gid, String home, boolean known) {

    /** The user a container without {@code user} runs as: nobody. */
    public static final String DEFAULT_USER = "nobody";

    /** The group of a uid that has no entry on this host: nogroup. */
    public static final long NOGROUP = 65534;

    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,10}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?");

    /** Whether this runs as root, which only a definition asking for {@code root} or {@code 0} does. */
    public boolean root() {
        return uid == 0;
    }

    /**
     * The user of a container definition's {@code user}; null or blank: {@value #DEFAULT_USER}.
     *
     * @throws IllegalArgumentException naming the value and what is allowed, when it is malformed
     *     or names a user or group this host does not have
     */
    public static RunAs of(String user) {
        String given = user == null || user.isBlank() ? DEFAULT_USER : user.trim();
        int colon = given.indexOf(':');
        String userPart = colon < 0 ? given : given.substring(0, colon);
        String groupPart = colon < 0 ? null : given.substring(colon + 1);
        Optional<String[]> entry = lookUp("passwd", requirePart(userPart, given));
        long uid;
        if (entry.isPresent()) {
            uid = Long.parseLong(entry.get()[2]);
        } else if (NUMBER.matcher(userPart).matches()) {
            uid = Long.parseLong(userPart);
        } else {
            throw new IllegalArgumentException("user: '" + given + "' names user '" + userPart
                    + "', which this host does not have (expected: a user of this host or a uid)");
        }
        long gid;
        if (groupPart != null) {
            Optional<String[]> group = lookUp("group", requirePart(groupPart, given));
            if (group.isPresent()) {
                gid = Long.parseLong(group.get()[2]);
            } else if (NUMBER.matcher(groupPart).matches()) {
                gid = Long.parseLong(groupPart);
            } else {
                throw new IllegalArgumentException("user: '" + given + "' names group '" + groupPart
                        + "', which this host does not have (expected: a group of this host or a gid)");
            }
        } else {
            gid = entry.map(e -> Long.parseLong(e[3])).orElse(uid == 0 ? 0 : NOGROUP);
        }
        return new RunAs(uid, gid, entry.map(e -> e[5]).orElse(null), entry.isPresent());
    }

    private static String requirePart(String part, String given) {
        if (!NUMBER.matcher(part).matches() && !NAME.matcher(part).matches()) {
            throw new IllegalArgumentException("user: '" + given
                    + "' (expected: user, user:group, uid, uid:gid, user:gid or uid:group, with names of this host"
                    + " and ids as non-negative integers)");
        }
        return part;
    }

    /** The host's {@code getent DATABASE KEY} entry split at ':', or empty when it has none. */
    private static Optional<String[]> lookUp(String database, String key) {
        try {
            Process process = new ProcessBuilder(List.of("getent", database, key))
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String[] fields = out.split("\n", 2)[0].split(":", -1);
            boolean complete = database.equals("passwd") ? fields.length >= 7 : fields.length >= 3;
            return process.exitValue() == 0 && complete ? Optional.of(fields) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
