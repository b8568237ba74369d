package dev.vedette.spring.dashboard;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything the dashboard's beans need, validated once: the base path normalised (leading slash,
 * no trailing slash), the token (at least {@value #MIN_TOKEN_LENGTH} characters, or null), and the
 * settings of {@link VedetteDashboardProperties}.
 */
record DashboardSettings(
        String basePath,
        @Nullable String token,
        String role,
        String tokenName,
        boolean maskEmails,
        Duration sessionTimeout,
        List<String> funnelSteps,
        int maxStreams,
        Duration pollInterval) {

    /** Shortest token accepted. */
    static final int MIN_TOKEN_LENGTH = 16;

    DashboardSettings {
        basePath = normalize(basePath);
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("vedette.dashboard.token must be at least " + MIN_TOKEN_LENGTH
                    + " characters, was " + token.length() + " characters");
        }
        if (role == null || role.isBlank() || role.startsWith("ROLE_")) {
            throw new IllegalArgumentException(
                    "vedette.dashboard.role must be a role name without the ROLE_ prefix, was '" + role + "'");
        }
        if (tokenName == null || tokenName.isBlank() || tokenName.length() > 128) {
            throw new IllegalArgumentException(
                    "vedette.dashboard.token-name must be 1 to 128 characters, was '" + tokenName + "'");
        }
        if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "vedette.dashboard.session-timeout must be positive, was " + sessionTimeout);
        }
        if (funnelSteps.isEmpty()) {
            throw new IllegalArgumentException("vedette.dashboard.funnel-steps must name at least one step");
        }
        funnelSteps = List.copyOf(funnelSteps);
        if (maxStreams < 0) {
            throw new IllegalArgumentException("vedette.dashboard.max-streams must not be negative, was " + maxStreams);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("vedette.dashboard.poll-interval must be positive, was " + pollInterval);
        }
    }

    static DashboardSettings of(String basePath, @Nullable String token, VedetteDashboardProperties p) {
        return new DashboardSettings(
                basePath,
                token,
                p.getRole(),
                p.getTokenName(),
                p.isMaskEmails(),
                p.getSessionTimeout(),
                p.getFunnelSteps(),
                p.getMaxStreams(),
                p.getPollInterval());
    }

    private static String normalize(@Nullable String basePath) {
        String p = basePath == null ? "/vedette" : basePath.trim();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/") || !p.matches("[A-Za-z0-9/._~-]+") || p.contains("//") || p.contains("/../")) {
            throw new IllegalArgumentException(
                    "vedette.dashboard.base-path must be a path below the root made of letters, digits and / . _ ~ -,"
                            + " was '" + basePath + "'");
        }
        return p;
    }
}
