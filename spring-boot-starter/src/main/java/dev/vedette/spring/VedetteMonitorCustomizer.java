package dev.vedette.spring;

import dev.vedette.Monitor;
import dev.vedette.MonitorBuilder;

/**
 * Changes the {@link MonitorBuilder} before the auto-configured {@link Monitor} is built, after
 * every {@code vedette.*} property has been applied. Declare beans of this type for anything the
 * properties do not cover:
 *
 * <pre>{@code
 * @Bean
 * VedetteMonitorCustomizer stripePackages() {
 *     return builder -> builder.frameworkPackages(List.of("com.stripe.", "org.springframework."));
 * }
 * }</pre>
 *
 * Customizers run in {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface VedetteMonitorCustomizer {

    /** Customizes the builder; may throw to fail startup. */
    void customize(MonitorBuilder builder);
}
