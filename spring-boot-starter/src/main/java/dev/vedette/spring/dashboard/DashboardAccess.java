package dev.vedette.spring.dashboard;

import dev.vedette.ApiKeys;
import dev.vedette.model.ApiKey;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.ResponseCookie;
import org.springframework.util.ClassUtils;

/**
 * Decides who may use the dashboard: a Spring Security user with the configured role when the
 * application has a {@code SecurityFilterChain}, otherwise the holder of the configured token (as a
 * bearer header or through a signed, {@code HttpOnly}, {@code SameSite=Strict} session cookie set by
 * the login form). With neither, the dashboard is {@link Mode#DISABLED disabled} and one WARN line
 * says why. Also issues and checks the double-submit CSRF token that every POST needs.
 *
 * <p>Tokens and signatures are compared in constant time. The session cookie holds an expiry, a
 * nonce and an HMAC keyed from the token, never the token itself; changing the token ends every
 * session. Signing out revokes the session: its nonce is kept in memory until the session would
 * have expired, and a copy of the cookie is refused from then on. At most {@value #MAX_REVOKED}
 * revoked sessions are kept; beyond that the signing key is replaced, which ends every session.
 */
public final class DashboardAccess implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(DashboardAccess.class);

    /** Name of the session cookie set by the login form. */
    public static final String SESSION_COOKIE = "VEDETTE_SESSION";
    /** Name of the CSRF cookie. */
    public static final String CSRF_COOKIE = "VEDETTE_CSRF";
    /** Header that must repeat the CSRF cookie on every POST. */
    public static final String CSRF_HEADER = "X-Vedette-Csrf";

    /** Most revoked, not yet expired sessions remembered before every session is ended instead. */
    static final int MAX_REVOKED = 10_000;

    private static final String SECURITY_FILTER_CHAIN = "org.springframework.security.web.SecurityFilterChain";

    /** How the dashboard is guarded. */
    public enum Mode {
        /** Spring Security authenticates; the dashboard requires the role. */
        SPRING_SECURITY,
        /** The configured token opens the dashboard. */
        TOKEN,
        /**
         * No token and no Spring Security, but the ingest API is on: admin API keys open the
         * dashboard (as a bearer header on its JSON API, or through the login form).
         */
        API_KEYS,
        /** Neither is configured: the dashboard is not served. */
        DISABLED
    }

    /** Who is using the dashboard and how they proved it. */
    record User(String name, boolean bearer) {}

    private final DashboardSettings settings;
    private final ListableBeanFactory beans;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final @Nullable byte[] tokenBytes;
    private volatile @Nullable SecretKeySpec sessionKey;
    private final Map<String, Long> revoked = new ConcurrentHashMap<>(); // nonce → expiry (epoch second)
    private final String basePath;
    private volatile @Nullable Mode mode;
    private final @Nullable ApiKeys keys;

    DashboardAccess(DashboardSettings settings, ListableBeanFactory beans, Clock clock) {
        this(settings, beans, clock, null);
    }

    /** With {@code keys} (the ingest API is on), admin API keys open the dashboard too. */
    DashboardAccess(DashboardSettings settings, ListableBeanFactory beans, Clock clock, @Nullable ApiKeys keys) {
        this.settings = settings;
        this.beans = beans;
        this.clock = clock;
        this.keys = keys;
        this.basePath = settings.basePath();
        String token = settings.token();
        if (token != null) {
            this.tokenBytes = token.getBytes(StandardCharsets.UTF_8);
            this.sessionKey = new SecretKeySpec(sha256("vedette-dashboard-session\n" + token), "HmacSHA256");
        } else if (keys != null) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            this.tokenBytes = null;
            this.sessionKey = new SecretKeySpec(sha256Bytes(secret), "HmacSHA256");
        } else {
            this.tokenBytes = null;
            this.sessionKey = null;
        }
    }

    @Override
    public void afterSingletonsInstantiated() {
        Mode m = resolveMode();
        this.mode = m;
        switch (m) {
            case DISABLED ->
                log.warn(
                        "Vedette dashboard is not served at {}: set vedette.dashboard.token (at least {} characters),"
                                + " or add Spring Security with a SecurityFilterChain and grant role {}"
                                + " (or set vedette.dashboard.enabled=false to silence this line)",
                        basePath,
                        DashboardSettings.MIN_TOKEN_LENGTH,
                        settings.role());
            case SPRING_SECURITY ->
                log.info("Vedette dashboard at {} requires Spring Security role {}", basePath, settings.role());
            case TOKEN -> log.info("Vedette dashboard at {} requires the configured token", basePath);
            case API_KEYS -> log.info("Vedette dashboard at {} requires an admin API key", basePath);
        }
    }

    private Mode resolveMode() {
        ClassLoader cl = getClass().getClassLoader();
        if (ClassUtils.isPresent(SECURITY_FILTER_CHAIN, cl)) {
            Class<?> chain = ClassUtils.resolveClassName(SECURITY_FILTER_CHAIN, cl);
            if (beans.getBeanNamesForType(chain, false, false).length > 0) {
                return Mode.SPRING_SECURITY;
            }
        }
        return tokenBytes != null ? Mode.TOKEN : keys != null ? Mode.API_KEYS : Mode.DISABLED;
    }

    /** How the dashboard is guarded; resolved once the application context has started. */
    public Mode mode() {
        Mode m = mode;
        if (m == null) {
            m = resolveMode();
            mode = m;
        }
        return m;
    }

    /** The normalised base path. */
    String basePath() {
        return basePath;
    }

    /** The user of this request, if it may use the dashboard. */
    Optional<User> authenticate(HttpServletRequest request) {
        Mode m = mode();
        if (m == Mode.DISABLED) {
            return Optional.empty();
        }
        if (m == Mode.SPRING_SECURITY) {
            Principal p = request.getUserPrincipal();
            if (p != null && request.isUserInRole(settings.role())) {
                return Optional.of(new User(auditName(p.getName()), false));
            }
        }
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = header.substring(7).trim();
            Optional<ApiKey> key = apiKey(bearer);
            if (key.isPresent()) {
                return key.get().scope() == ApiKey.Scope.ADMIN
                        ? Optional.of(new User("key:" + key.get().prefix(), true))
                        : Optional.empty();
            }
            return tokenBytes != null && tokenMatches(bearer)
                    ? Optional.of(new User(settings.tokenName(), true))
                    : Optional.empty();
        }
        if (sessionKey == null) {
            return Optional.empty();
        }
        String session = cookie(request, SESSION_COOKIE);
        if (session != null && validSession(session)) {
            return Optional.of(new User(settings.tokenName(), false));
        }
        return Optional.empty();
    }

    /** True if Spring Security has authenticated this request but the user lacks the role. */
    boolean authenticatedWithoutRole(HttpServletRequest request) {
        return mode() == Mode.SPRING_SECURITY
                && request.getUserPrincipal() != null
                && !request.isUserInRole(settings.role());
    }

    /** True if the ingest API is on, so admin API keys open the dashboard and its keys page is served. */
    boolean apiKeysEnabled() {
        return keys != null;
    }

    /** True if this request carries an API key of scope {@code ingest} only: it may not use the dashboard. */
    boolean ingestKeyOnly(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return apiKey(header.substring(7).trim())
                .map(k -> k.scope() == ApiKey.Scope.INGEST)
                .orElse(false);
    }

    private Optional<ApiKey> apiKey(String bearer) {
        ApiKeys k = keys;
        return k != null && bearer.startsWith("vk_") ? k.authenticate(bearer) : Optional.empty();
    }

    /**
     * True if the login form can be used (token mode, a token configured next to Spring Security, or
     * admin API keys).
     */
    boolean loginFormEnabled() {
        return mode() != Mode.DISABLED && (tokenBytes != null || keys != null);
    }

    /** Constant-time comparison with the configured token; or an active admin API key. */
    boolean tokenMatches(@Nullable String candidate) {
        byte[] expected = tokenBytes;
        if (candidate != null
                && apiKey(candidate).map(k -> k.scope() == ApiKey.Scope.ADMIN).orElse(false)) {
            return true;
        }
        if (expected == null || candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256Bytes(expected), sha256Bytes(candidate.getBytes(StandardCharsets.UTF_8)));
    }

    /** A new session cookie value: {@code expiry.nonce.signature}. */
    String newSession() {
        long expiry = clock.instant().plus(settings.sessionTimeout()).getEpochSecond();
        String payload = expiry + "." + randomToken(16);
        return payload + "." + sign(payload);
    }

    boolean validSession(String value) {
        int last = value.lastIndexOf('.');
        int first = value.indexOf('.');
        if (first <= 0 || last <= first || sessionKey == null) {
            return false;
        }
        String payload = value.substring(0, last);
        String signature = value.substring(last + 1);
        if (!MessageDigest.isEqual(
                sign(payload).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        try {
            long expiry = Long.parseLong(value.substring(0, first));
            return clock.instant().isBefore(Instant.ofEpochSecond(expiry))
                    && !revoked.containsKey(value.substring(first + 1, last));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Revokes a valid session cookie until it would have expired; other values are ignored. */
    void revoke(String value) {
        if (!validSession(value)) {
            return;
        }
        int first = value.indexOf('.');
        long expiry = Long.parseLong(value.substring(0, first));
        long now = clock.instant().getEpochSecond();
        synchronized (revoked) {
            if (revoked.size() >= MAX_REVOKED) {
                revoked.values().removeIf(e -> e <= now);
            }
            if (revoked.size() >= MAX_REVOKED) {
                byte[] secret = new byte[32];
                random.nextBytes(secret);
                sessionKey = new SecretKeySpec(sha256Bytes(secret), "HmacSHA256");
                revoked.clear();
                log.warn(
                        "Vedette dashboard: more than {} signed-out sessions have not expired yet;"
                                + " every dashboard session was ended",
                        MAX_REVOKED);
                return;
            }
            revoked.put(value.substring(first + 1, value.lastIndexOf('.')), expiry);
        }
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(sessionKey);
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Sets the session cookie after a successful login. */
    void startSession(HttpServletRequest request, HttpServletResponse response) {
        addCookie(request, response, SESSION_COOKIE, newSession(), settings.sessionTimeout());
        addCookie(request, response, CSRF_COOKIE, randomToken(32), settings.sessionTimeout());
    }

    /** Revokes the session of this request, if it has a valid one, and clears the session and CSRF cookies. */
    void endSession(HttpServletRequest request, HttpServletResponse response) {
        String session = cookie(request, SESSION_COOKIE);
        if (session != null) {
            revoke(session);
        }
        addCookie(request, response, SESSION_COOKIE, "", Duration.ZERO);
        addCookie(request, response, CSRF_COOKIE, "", Duration.ZERO);
    }

    /** The CSRF token of this browser, issuing a cookie if it has none. */
    String csrfToken(HttpServletRequest request, HttpServletResponse response) {
        String existing = cookie(request, CSRF_COOKIE);
        if (existing != null && existing.length() >= 32) {
            return existing;
        }
        String fresh = randomToken(32);
        addCookie(request, response, CSRF_COOKIE, fresh, settings.sessionTimeout());
        return fresh;
    }

    /** True if the CSRF header repeats the CSRF cookie (compared in constant time). */
    boolean csrfValid(HttpServletRequest request) {
        return csrfValid(request, request.getHeader(CSRF_HEADER));
    }

    /** True if the given value (a header or form field) repeats the CSRF cookie (compared in constant time). */
    boolean csrfValid(HttpServletRequest request, @Nullable String candidate) {
        String cookie = cookie(request, CSRF_COOKIE);
        return cookie != null
                && candidate != null
                && cookie.length() >= 32
                && MessageDigest.isEqual(
                        cookie.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    private void addCookie(
            HttpServletRequest request, HttpServletResponse response, String name, String value, Duration maxAge) {
        ResponseCookie cookie = ResponseCookie.from(name, value)
                .path(request.getContextPath() + basePath)
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Strict")
                .maxAge(maxAge)
                .build();
        response.addHeader("Set-Cookie", cookie.toString());
    }

    static @Nullable String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (name.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    private String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String auditName(String name) {
        String cleaned = name.replaceAll("\\p{Cntrl}", "").strip();
        if (cleaned.isEmpty()) {
            return "unknown";
        }
        return cleaned.length() > 128 ? cleaned.substring(0, 128) : cleaned;
    }

    private static byte[] sha256(String s) {
        return sha256Bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256Bytes(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
