package dev.svcconnect.controlplane.auth;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's login sessions, in memory (a restart logs everyone out): a random id in the
 * cookie {@value #COOKIE} ({@code HttpOnly; SameSite=Strict}) stands for a reader or admin key
 * for {@link #TTL}. At most {@link #MAX_SESSIONS}; a login beyond them first forgets the expired
 * ones, then is refused.
 */
public final class ConsoleSessions {

    /** The cookie's name. */
    public static final String COOKIE = "svcc_session";
    /** How long a session lasts. */
    public static final Duration TTL = Duration.ofHours(8);
    /** The most sessions kept at once. */
    public static final int MAX_SESSIONS = 1000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private record Session(Identity identity, Instant expires) {}

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public ConsoleSessions(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    /** A new session of {@code identity}; empty when {@link #MAX_SESSIONS} live ones exist. */
    public Optional<String> open(Identity identity) {
        if (sessions.size() >= MAX_SESSIONS) {
            Instant now = clock.instant();
            sessions.values().removeIf(s -> !s.expires().isAfter(now));
            if (sessions.size() >= MAX_SESSIONS) {
                return Optional.empty();
            }
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(id, new Session(identity, clock.instant().plus(TTL)));
        return Optional.of(id);
    }

    /** The identity of the session in a {@code Cookie} header, if it names a live one. */
    public Optional<Identity> find(String cookieHeader) {
        String id = cookie(cookieHeader);
        Session session = id == null ? null : sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (!session.expires().isAfter(clock.instant())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(session.identity());
    }

    /** Ends the session in a {@code Cookie} header, if any. */
    public void close(String cookieHeader) {
        String id = cookie(cookieHeader);
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** The {@code Set-Cookie} value of a session. */
    public static String setCookie(String id) {
        return COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + TTL.toSeconds();
    }

    /** The {@code Set-Cookie} value that removes the session cookie. */
    public static String clearCookie() {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    private static String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String trimmed = part.trim();
            if (trimmed.startsWith(COOKIE + "=")) {
                return trimmed.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }
}
