package dev.vedette.spring;

import static dev.vedette.spring.PropertyChecks.check;
import static dev.vedette.spring.PropertyChecks.run;

import dev.vedette.Monitor;
import dev.vedette.MonitorBuilder;
import dev.vedette.alerting.Notifier;
import dev.vedette.alerting.Route;
import dev.vedette.health.FlapPolicy;
import dev.vedette.health.HealthCheck;
import dev.vedette.health.HealthChecks;
import dev.vedette.health.Heartbeat;
import dev.vedette.rules.Rule;
import dev.vedette.rules.Rules;
import dev.vedette.spool.SpoolSettings;
import dev.vedette.spring.VedetteProperties.AlertingProperties;
import dev.vedette.spring.VedetteProperties.ChecksProperties;
import dev.vedette.spring.VedetteProperties.HttpCheckProperties;
import dev.vedette.spring.VedetteProperties.PipelineProperties;
import dev.vedette.spring.VedetteProperties.RetentionProperties;
import dev.vedette.spring.VedetteProperties.RouteProperties;
import dev.vedette.spring.VedetteProperties.RuleProperties;
import dev.vedette.spring.VedetteProperties.SpoolProperties;
import dev.vedette.spring.VedetteProperties.TcpCheckProperties;
import dev.vedette.store.Store;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@link Monitor} from {@code vedette.*} properties and the Vedette beans of
 * the application context: the {@link Store} (see {@link VedetteStoreAutoConfiguration}), every
 * {@link Notifier}, {@link HealthCheck}, {@link Heartbeat} and {@link Rule} bean, a {@link
 * FlapPolicy} bean if there is one, and every {@link VedetteMonitorCustomizer}. The monitor purges
 * raw data older than {@code vedette.retention.raw} on its own scheduler thread unless {@code
 * vedette.retention.enabled=false}. The monitor is
 * closed with the context: it stops accepting records and writes what is queued within {@code
 * vedette.pipeline.close-timeout}. Every {@link Monitor} bean depends on every {@link DataSource}
 * bean, so the context closes the monitor (and writes what is queued) before it closes a DataSource.
 *
 * <p>Switched off by {@code vedette.enabled=false}; replaced by a {@link Monitor} bean of your own.
 */
@AutoConfiguration(after = {VedetteStoreAutoConfiguration.class, VedetteNotifiersAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "vedette.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VedetteProperties.class)
public class VedetteAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public VedetteAutoConfiguration() {}

    /**
     * The monitor.
     *
     * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException
     *     naming the property whose value a builder rejected
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Monitor vedetteMonitor(
            VedetteProperties properties,
            ObjectProvider<Store> store,
            ObjectProvider<Notifier> notifiers,
            ObjectProvider<HealthCheck> checks,
            ObjectProvider<Heartbeat> heartbeats,
            ObjectProvider<Rule> rules,
            ObjectProvider<FlapPolicy> flapPolicy,
            ObjectProvider<VedetteMonitorCustomizer> customizers) {
        MonitorBuilder builder = Monitor.builder();
        store.ifAvailable(builder::store);
        if (properties.instanceId() != null) {
            run("vedette.instance-id", properties.instanceId(), () -> builder.instanceId(properties.instanceId()));
        }
        pipeline(builder, properties.pipeline());
        run(
                "vedette.store.down-after",
                properties.store().downAfter(),
                () -> builder.storeDownAfter(properties.store().downAfter()));
        spool(builder, properties.spool());
        retention(builder, properties.retention());
        alerting(builder, properties.alerting());
        notifiers.orderedStream().forEach(builder::notifier);
        builder.flapPolicy(flapPolicy.getIfAvailable(() -> flapPolicy(properties.checks())));
        checks(builder, properties.checks());
        checks.orderedStream().forEach(c -> run("vedette.checks", c.name(), () -> builder.check(c)));
        heartbeats.orderedStream().forEach(builder::heartbeat);
        rules(builder, properties);
        rules.orderedStream().forEach(r -> run("vedette.rules", r.name(), () -> builder.rule(r)));
        customizers.orderedStream().forEach(c -> c.customize(builder));
        String fallback = properties.alerting().fallbackChannel();
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            boolean fallbackUnknown =
                    fallback != null && String.valueOf(e.getMessage()).startsWith("fallbackChannel");
            throw PropertyChecks.invalid(
                    fallbackUnknown ? "vedette.alerting.fallback-channel" : "vedette.alerting.routes",
                    fallbackUnknown ? fallback : properties.alerting().routes(),
                    e.getMessage());
        }
    }

    /**
     * Makes every {@link Monitor} bean depend on every {@link DataSource} bean: the monitor is closed
     * first, while its store can still write. The monitor reaches its store through an {@link
     * ObjectProvider}, which records no dependency of its own.
     */
    @Bean
    static AbstractDependsOnBeanFactoryPostProcessor vedetteMonitorClosesBeforeDataSource() {
        return new MonitorDependsOnDataSource();
    }

    private static final class MonitorDependsOnDataSource extends AbstractDependsOnBeanFactoryPostProcessor {
        MonitorDependsOnDataSource() {
            super(Monitor.class, DataSource.class);
        }
    }

    private static void pipeline(MonitorBuilder b, PipelineProperties p) {
        run("vedette.pipeline.queue-capacity", p.queueCapacity(), () -> b.queueCapacity(p.queueCapacity()));
        run("vedette.pipeline.max-block", p.maxBlock(), () -> b.overflowPolicy(p.overflowPolicy(), p.maxBlock()));
        run("vedette.pipeline.batch-size", p.batchSize(), () -> b.batchSize(p.batchSize()));
        run("vedette.pipeline.max-batch-delay", p.maxBatchDelay(), () -> b.maxBatchDelay(p.maxBatchDelay()));
        run("vedette.pipeline.close-timeout", p.closeTimeout(), () -> b.closeTimeout(p.closeTimeout()));
    }

    private static void spool(MonitorBuilder b, SpoolProperties p) {
        if (p.directory() == null || p.directory().isBlank()) {
            return;
        }
        SpoolSettings.Builder settings =
                SpoolSettings.builder(Path.of(p.directory())).mode(p.mode());
        run(
                "vedette.spool.max-size",
                p.maxSize(),
                () -> settings.maxBytes(p.maxSize().toBytes()));
        b.spool(settings.build());
    }

    private static void retention(MonitorBuilder b, RetentionProperties p) {
        if (p.enabled()) {
            PropertyChecks.requirePositive("vedette.retention.raw", p.raw());
            PropertyChecks.requirePositive("vedette.retention.interval", p.interval());
            b.retention(p.raw(), p.interval());
        }
    }

    private static void alerting(MonitorBuilder b, AlertingProperties p) {
        for (int i = 0; i < p.routes().size(); i++) {
            RouteProperties r = p.routes().get(i);
            String prefix = "vedette.alerting.routes[" + i + "]";
            Route.Builder route = Route.builder().continueMatching(r.continueMatching());
            route.severity(r.severities().toArray(dev.vedette.model.Severity[]::new));
            if (r.component() != null) {
                run(prefix + ".component", r.component(), () -> route.component(r.component()));
            }
            r.labels().forEach((k, v) -> run(prefix + ".labels." + k, v, () -> route.label(k, v)));
            run(
                    prefix + ".channels",
                    r.channels(),
                    () -> route.channels(r.channels().toArray(String[]::new)));
            b.route(route.build());
        }
        ZoneId zone = check("vedette.alerting.zone", p.zone(), () -> ZoneId.of(p.zone()));
        URI dashboardUrl = p.dashboardUrl() == null
                ? null
                : check("vedette.alerting.dashboard-url", p.dashboardUrl(), () -> {
                    URI u = URI.create(p.dashboardUrl());
                    if (!u.isAbsolute()) {
                        throw new IllegalArgumentException("must be an absolute URL");
                    }
                    return u;
                });
        String digest = p.digestChannel().isBlank() ? null : p.digestChannel();
        // one business zone: days in analytics, reports and the digest
        b.businessZone(zone);
        b.alerting(a -> {
            run(
                    "vedette.alerting.group-wait",
                    p.groupWait(),
                    () -> a.grouping(p.groupWait(), p.groupBy().toArray(String[]::new)));
            run(
                    "vedette.alerting.reminder-interval",
                    p.reminderInterval(),
                    () -> a.reminders(
                            p.reminderInterval(),
                            dev.vedette.model.Severity.CRITICAL,
                            dev.vedette.model.Severity.HIGH));
            run("vedette.alerting.fallback-channel", p.fallbackChannel(), () -> a.fallbackChannel(p.fallbackChannel()));
            run("vedette.alerting.digest-channel", digest, () -> a.digest(digest, p.digestTime()));
            a.zone(zone).dashboardUrl(dashboardUrl);
            p.stormCaps()
                    .forEach((channel, cap) ->
                            run("vedette.alerting.storm-caps." + channel, cap, () -> a.stormCap(channel, cap)));
            p.channelIntervals()
                    .forEach((channel, interval) -> run(
                            "vedette.alerting.channel-intervals." + channel,
                            interval,
                            () -> a.channelInterval(channel, interval)));
            p.channelConcurrency()
                    .forEach((channel, n) -> run(
                            "vedette.alerting.channel-concurrency." + channel,
                            n,
                            () -> a.channelConcurrency(channel, n)));
            p.sendDeadline()
                    .forEach((channel, deadline) -> run(
                            "vedette.alerting.send-deadline." + channel,
                            deadline,
                            () -> a.sendDeadline(channel, deadline)));
        });
    }

    private static FlapPolicy flapPolicy(ChecksProperties p) {
        FlapPolicy.Builder b = FlapPolicy.builder();
        run("vedette.checks.failure-threshold", p.failureThreshold(), () -> b.failureThreshold(p.failureThreshold()));
        run("vedette.checks.success-threshold", p.successThreshold(), () -> b.successThreshold(p.successThreshold()));
        run("vedette.checks.confirm-interval", p.confirmInterval(), () -> b.confirmInterval(p.confirmInterval()));
        p.severities()
                .forEach((component, severity) ->
                        run("vedette.checks.severities." + component, severity, () -> b.severity(component, severity)));
        return b.build();
    }

    private static void checks(MonitorBuilder b, ChecksProperties p) {
        for (int i = 0; i < p.http().size(); i++) {
            HttpCheckProperties h = p.http().get(i);
            String prefix = "vedette.checks.http[" + i + "]";
            URI url = check(prefix + ".url", h.url(), () -> {
                if (h.url() == null) {
                    throw new IllegalArgumentException("must be set");
                }
                return URI.create(h.url());
            });
            String name = check(prefix + ".name", h.name(), () -> required(h.name()));
            var check = check(prefix + ".url", h.url(), () -> HealthChecks.http(name, url));
            run(prefix + ".interval", h.interval(), () -> check.interval(h.interval()));
            run(prefix + ".timeout", h.timeout(), () -> check.timeout(h.timeout()));
            if (!h.expectedStatus().isEmpty()) {
                int[] codes =
                        h.expectedStatus().stream().mapToInt(Integer::intValue).toArray();
                run(prefix + ".expected-status", h.expectedStatus(), () -> check.expectStatus(codes));
            }
            HealthCheck built = check(prefix + ".timeout", h.timeout(), check::build);
            run(prefix + ".name", name, () -> b.check(built));
        }
        for (int i = 0; i < p.tcp().size(); i++) {
            TcpCheckProperties t = p.tcp().get(i);
            String prefix = "vedette.checks.tcp[" + i + "]";
            String name = check(prefix + ".name", t.name(), () -> required(t.name()));
            String host = check(prefix + ".host", t.host(), () -> required(t.host()));
            var check = check(prefix + ".port", t.port(), () -> HealthChecks.tcp(name, host, t.port()));
            run(prefix + ".interval", t.interval(), () -> check.interval(t.interval()));
            run(prefix + ".timeout", t.timeout(), () -> check.timeout(t.timeout()));
            HealthCheck built = check(prefix + ".timeout", t.timeout(), check::build);
            run(prefix + ".name", name, () -> b.check(built));
        }
        var disk = p.diskSpace();
        if (disk.enabled()) {
            Path path = check("vedette.checks.disk-space.path", disk.path(), () -> Path.of(disk.path()));
            var check = check(
                    "vedette.checks.disk-space.name", disk.name(), () -> HealthChecks.diskSpace(disk.name(), path));
            run("vedette.checks.disk-space.interval", disk.interval(), () -> check.interval(disk.interval()));
            run("vedette.checks.disk-space.name", disk.name(), () -> b.check(check.build()));
        }
        var heap = p.jvmHeap();
        if (heap.enabled()) {
            var check = check("vedette.checks.jvm-heap.name", heap.name(), () -> HealthChecks.jvmHeap(heap.name()));
            run("vedette.checks.jvm-heap.interval", heap.interval(), () -> check.interval(heap.interval()));
            run("vedette.checks.jvm-heap.name", heap.name(), () -> b.check(check.build()));
        }
        var deadlocks = p.deadlocks();
        if (deadlocks.enabled()) {
            var check = check(
                    "vedette.checks.deadlocks.name", deadlocks.name(), () -> HealthChecks.deadlocks(deadlocks.name()));
            run("vedette.checks.deadlocks.interval", deadlocks.interval(), () -> check.interval(deadlocks.interval()));
            run("vedette.checks.deadlocks.name", deadlocks.name(), () -> b.check(check.build()));
        }
    }

    private static void rules(MonitorBuilder b, VedetteProperties p) {
        for (int i = 0; i < p.rules().size(); i++) {
            RuleProperties r = p.rules().get(i);
            String prefix = "vedette.rules[" + i + "]";
            String type = check(prefix + ".type", r.type(), () -> required(r.type()));
            Map<String, String> settings = new HashMap<>(r.properties());
            if (r.name() != null) {
                settings.put("name", r.name());
            }
            Rule rule = check(prefix, settings, () -> Rules.fromProperties(type, settings));
            run(prefix + ".name", rule.name(), () -> b.rule(rule));
        }
    }

    private static String required(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("must be set");
        }
        return value;
    }
}
