package dev.vedette.spring;

import dev.vedette.Monitor;
import dev.vedette.spring.VedetteProperties.ActuatorChecksProperties;
import dev.vedette.store.Store;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.annotation.Bean;

/**
 * Connects Vedette and Spring Boot's health support both ways:
 *
 * <ul>
 *   <li>{@link VedetteHealthIndicator} contributes Vedette's own state under the name {@code
 *       vedette} ({@code management.health.vedette.enabled}, default true);
 *   <li>the health contributors named in {@code vedette.checks.actuator.include} ({@code *} for all
 *       but Vedette's own) become Vedette checks, with flap protection, history and alerts.
 * </ul>
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration")
@ConditionalOnBooleanProperty(name = "vedette.enabled", matchIfMissing = true)
@ConditionalOnClass(HealthIndicator.class)
@EnableConfigurationProperties(VedetteProperties.class)
public class VedetteHealthAutoConfiguration {
    /** The name Vedette's indicator is registered under. */
    public static final String CONTRIBUTOR_NAME = "vedette";

    /** Creates the auto-configuration; Spring calls it. */
    public VedetteHealthAutoConfiguration() {}

    /** Vedette's state as the health contributor {@code vedette}. */
    @Bean
    @ConditionalOnEnabledHealthIndicator(CONTRIBUTOR_NAME)
    @ConditionalOnMissingBean(name = "vedetteHealthIndicator")
    public VedetteHealthIndicator vedetteHealthIndicator(ObjectProvider<Monitor> monitor, ObjectProvider<Store> store) {
        return new VedetteHealthIndicator(monitor::getIfUnique, store::getIfUnique);
    }

    /** Adds the included Actuator health contributors to the auto-configured monitor as checks. */
    @Bean
    public VedetteMonitorCustomizer vedetteActuatorChecks(
            VedetteProperties properties, ObjectProvider<HealthContributorRegistry> registry) {
        return builder -> {
            ActuatorChecksProperties p = properties.checks().actuator();
            PropertyChecks.requirePositive("vedette.checks.actuator.interval", p.interval());
            PropertyChecks.requirePositive("vedette.checks.actuator.timeout", p.timeout());
            if (p.include().isEmpty()) {
                return;
            }
            HealthContributorRegistry contributors = registry.getIfAvailable();
            if (contributors == null) {
                throw PropertyChecks.invalid(
                        "vedette.checks.actuator.include",
                        p.include(),
                        "needs Spring Boot's health contributor registry (spring-boot-health)");
            }
            List<String> names = new ArrayList<>();
            if (p.include().contains("*")) {
                contributors.stream()
                        .map(e -> e.name())
                        .filter(n -> !n.equals(CONTRIBUTOR_NAME))
                        .forEach(names::add);
            } else {
                names.addAll(p.include());
            }
            for (String name : names) {
                PropertyChecks.run(
                        "vedette.checks.actuator.include",
                        name,
                        () -> builder.check(new ActuatorHealthCheck(name, contributors, p.interval(), p.timeout())));
            }
        };
    }
}
