package dev.vedette.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Reports an invalid secret {@code vedette.*} property (the dashboard token, the Slack and webhook
 * URLs, the webhook signing secret and headers, passwords and API keys) without its value. Spring
 * Boot's own analyzer of {@link InvalidConfigurationPropertyValueException} re-reads the
 * environment and prints the raw value; this one runs before it (highest precedence) and names
 * only the property, where it was set, and the reason, whose text never holds the secret.
 */
final class SecretPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationPropertyValueException>
        implements Ordered {
    private final @Nullable Environment environment;

    SecretPropertyFailureAnalyzer(@Nullable Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** True if the value of {@code property} is a secret that must never be printed. */
    static boolean isSecret(String property) {
        String p = property.toLowerCase(Locale.ROOT);
        if (!p.startsWith("vedette.")) {
            return false;
        }
        return p.equals("vedette.dashboard.token")
                || p.equals("vedette.notifiers.webhook.url")
                || p.startsWith("vedette.notifiers.webhook.headers")
                || p.endsWith(".webhook-url")
                || p.endsWith("password")
                || p.endsWith("secret")
                || p.endsWith("-token")
                || p.endsWith(".token")
                || p.endsWith("routing-key");
    }

    @Override
    protected @Nullable FailureAnalysis analyze(
            Throwable rootFailure, InvalidConfigurationPropertyValueException cause) {
        if (!isSecret(cause.getName()) && !PropertyChecks.HIDDEN.equals(cause.getValue())) {
            return null;
        }
        StringBuilder description = new StringBuilder("Invalid value for configuration property '")
                .append(cause.getName())
                .append("'");
        List<String> origins = origins(cause.getName());
        if (!origins.isEmpty()) {
            description.append(" (set in ").append(String.join(", ", origins)).append(")");
        }
        description.append(". The value is a secret and is not shown.");
        String reason = cause.getReason();
        if (reason != null && !reason.isBlank()) {
            description.append(System.lineSeparator()).append(System.lineSeparator());
            description.append("Reason: ").append(reason);
        }
        return new FailureAnalysis(
                description.toString(),
                "Set '" + cause.getName() + "' to a valid value; see docs/spring-boot.md for what it takes.",
                cause);
    }

    private List<String> origins(String property) {
        List<String> origins = new ArrayList<>();
        if (environment == null) {
            return origins;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property);
        if (name == null) {
            return origins;
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            // the origin names a file and line or a property source, never the value
            if (found != null && found.getOrigin() != null) {
                origins.add(String.valueOf(found.getOrigin()));
            }
        }
        return origins;
    }
}
