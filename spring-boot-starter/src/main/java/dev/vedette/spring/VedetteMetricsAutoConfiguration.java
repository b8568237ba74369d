package dev.vedette.spring;

import static dev.vedette.spring.PropertyChecks.check;

import dev.vedette.Monitor;
import dev.vedette.micrometer.VedetteMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures {@link VedetteMetrics} when Micrometer is on the class path and a {@link
 * MeterRegistry} bean exists: Spring Boot binds it to the registries like any {@link
 * io.micrometer.core.instrument.binder.MeterBinder}; its transaction counter is added to the
 * auto-configured monitor, and it is attached to the {@link Monitor} bean once every singleton is
 * created. Switched off by {@code vedette.metrics.enabled=false}.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "vedette.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "vedette.metrics.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@EnableConfigurationProperties(VedetteProperties.class)
public class VedetteMetricsAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public VedetteMetricsAutoConfiguration() {}

    /** The meters. */
    @Bean
    @ConditionalOnMissingBean
    public VedetteMetrics vedetteMetrics(VedetteProperties properties) {
        int max = properties.metrics().maxTagValues();
        return check("vedette.metrics.max-tag-values", max, () -> new VedetteMetrics(max));
    }

    /** Adds the transaction counter to the auto-configured monitor. */
    @Bean
    public VedetteMonitorCustomizer vedetteMetricsCustomizer(VedetteMetrics metrics) {
        return builder -> builder.rule(metrics.transactionCounter());
    }

    /** Attaches the meters to the monitor once the context has created it. */
    @Bean
    public static SmartInitializingSingleton vedetteMetricsAttacher(
            ObjectProvider<VedetteMetrics> metrics, ObjectProvider<Monitor> monitor) {
        return () -> monitor.ifUnique(m -> metrics.ifUnique(vm -> {
            if (vm.monitor() == null) {
                vm.attach(m);
            }
        }));
    }
}
