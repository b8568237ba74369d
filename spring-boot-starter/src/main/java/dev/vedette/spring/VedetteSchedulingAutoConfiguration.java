package dev.vedette.spring;

import dev.vedette.Monitor;
import dev.vedette.spring.VedetteProperties.RetentionProperties;
import dev.vedette.store.Store;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Schedules the one job the monitor's own threads do not run: the {@link RetentionJob} that deletes
 * raw data older than {@code vedette.retention.raw}. Checks, rules, reminders, digests and
 * deliveries run on the monitor's daemon threads and are not scheduled again here. Switched off by
 * {@code vedette.retention.enabled=false}.
 */
@AutoConfiguration(after = VedetteAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "vedette.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "vedette.retention.enabled", matchIfMissing = true)
@ConditionalOnBean(Monitor.class)
@EnableConfigurationProperties(VedetteProperties.class)
public class VedetteSchedulingAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public VedetteSchedulingAutoConfiguration() {}

    /** The retention job, for the store bean the monitor writes to. */
    @Bean
    @ConditionalOnBean(Store.class)
    @ConditionalOnMissingBean
    public RetentionJob vedetteRetentionJob(Monitor monitor, Store store, VedetteProperties properties) {
        RetentionProperties p = properties.retention();
        PropertyChecks.requirePositive("vedette.retention.raw", p.raw());
        PropertyChecks.requirePositive("vedette.retention.interval", p.interval());
        return new RetentionJob(monitor, store, p.raw(), p.interval());
    }
}
