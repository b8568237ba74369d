package dev.vedette.spring.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the embedded dashboard beyond {@code vedette.dashboard.enabled}, {@code base-path}
 * and {@code token} (which {@link dev.vedette.spring.VedetteProperties.DashboardProperties} binds),
 * bound from {@code vedette.dashboard.*}.
 *
 * <pre>{@code
 * # required unless Spring Security guards the application
 * vedette.dashboard.token=${VEDETTE_DASHBOARD_TOKEN}
 * # with Spring Security: users need ROLE_OPS
 * vedette.dashboard.role=OPS
 * vedette.dashboard.mask-emails=true
 * }</pre>
 */
@ConfigurationProperties("vedette.dashboard")
public class VedetteDashboardProperties {
    /** Default {@link #getRole()}. */
    public static final String DEFAULT_ROLE = "VEDETTE_ADMIN";
    /** Default {@link #getTokenName()}. */
    public static final String DEFAULT_TOKEN_NAME = "dashboard-token";

    private String role = DEFAULT_ROLE;
    private String tokenName = DEFAULT_TOKEN_NAME;
    private boolean maskEmails = false;
    private Duration sessionTimeout = Duration.ofHours(8);
    private List<String> funnelSteps = new ArrayList<>(List.of("created", "completed"));
    private int maxStreams = 32;
    private Duration pollInterval = Duration.ofSeconds(2);

    /** Creates the defaults. */
    public VedetteDashboardProperties() {}

    /** The role a Spring Security user needs, without the {@code ROLE_} prefix (default {@value #DEFAULT_ROLE}). */
    public String getRole() {
        return role;
    }

    /** See {@link #getRole()}. */
    public void setRole(String role) {
        this.role = role;
    }

    /** The user name audit entries record for actions taken with the token (default {@value #DEFAULT_TOKEN_NAME}). */
    public String getTokenName() {
        return tokenName;
    }

    /** See {@link #getTokenName()}. */
    public void setTokenName(String tokenName) {
        this.tokenName = tokenName;
    }

    /** Whether customer e-mail addresses are shown masked ({@code a***@example.com}) in pages, the API and CSV (default false). */
    public boolean isMaskEmails() {
        return maskEmails;
    }

    /** See {@link #isMaskEmails()}. */
    public void setMaskEmails(boolean maskEmails) {
        this.maskEmails = maskEmails;
    }

    /** How long a login-form session lasts (default 8 hours). */
    public Duration getSessionTimeout() {
        return sessionTimeout;
    }

    /** See {@link #getSessionTimeout()}. */
    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    /** Steps of the conversion funnel on the analytics page (default {@code created, completed}). */
    public List<String> getFunnelSteps() {
        return funnelSteps;
    }

    /** See {@link #getFunnelSteps()}. */
    public void setFunnelSteps(List<String> funnelSteps) {
        this.funnelSteps = funnelSteps;
    }

    /** Most live-update streams open at once (default 32); further clients fall back to polling. */
    public int getMaxStreams() {
        return maxStreams;
    }

    /** See {@link #getMaxStreams()}. */
    public void setMaxStreams(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    /** How often the live stream looks for new transactions while a client listens (default 2 s). */
    public Duration getPollInterval() {
        return pollInterval;
    }

    /** See {@link #getPollInterval()}. */
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }
}
