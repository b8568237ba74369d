package dev.vedette.spring;

import dev.vedette.model.DeliveryKind;
import dev.vedette.model.OverflowPolicy;
import dev.vedette.model.Severity;
import dev.vedette.spool.SpoolSettings;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code vedette.*} property. Immutable; bound once at startup. Values are checked when the
 * beans are built: a bad value fails startup with an {@link
 * org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException}
 * naming the property, e.g. {@code vedette.pipeline.queue-capacity}. The full reference with
 * defaults is in {@code docs/spring-boot.md}.
 *
 * @param enabled whether Vedette is configured at all; false turns every Vedette bean off
 * @param instanceId this instance's name in delivery claims, locks and slow-endpoint alerts (default: random per start)
 * @param store where Vedette keeps its data
 * @param pipeline the bounded record queue and its writer
 * @param spool the disk spool that keeps records through store outages and restarts (off unless a directory is set)
 * @param alerting routing, grouping, reminders, digest
 * @param notifiers notification channels, each configured when its key property is set
 * @param checks health checks Vedette runs on its own schedule
 * @param rules detection rules built from properties ({@code type}, {@code name}, {@code properties})
 * @param retention deletion of old raw data
 * @param metrics Micrometer meters
 * @param web the HTTP endpoint timing filter
 * @param dashboard the embedded dashboard
 */
@ConfigurationProperties("vedette")
public record VedetteProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable String instanceId,
        @DefaultValue StoreProperties store,
        @DefaultValue PipelineProperties pipeline,
        @DefaultValue SpoolProperties spool,
        @DefaultValue AlertingProperties alerting,
        @DefaultValue NotifiersProperties notifiers,
        @DefaultValue ChecksProperties checks,
        @DefaultValue List<RuleProperties> rules,
        @DefaultValue RetentionProperties retention,
        @DefaultValue MetricsProperties metrics,
        @DefaultValue WebProperties web,
        @DefaultValue DashboardProperties dashboard) {

    /** Which store {@link VedetteStoreAutoConfiguration} builds. */
    public enum StoreType {
        /** A JDBC store on the application's DataSource when both exist, else in memory. */
        AUTO,
        /** Always the bounded in-memory store (lost on restart). */
        MEMORY,
        /** Always the JDBC store; startup fails without vedette-jdbc-store and a DataSource. */
        JDBC
    }

    /**
     * The store.
     *
     * @param type auto (JDBC when vedette-jdbc-store and a DataSource are present, else memory), memory or jdbc
     * @param tablePrefix prefix of every Vedette table (JDBC store)
     * @param migrate whether the JDBC store creates and upgrades its tables with Flyway (its own history table {@code <prefix>schema_history}); false only validates them
     * @param maxTransactions bound on transactions kept by the in-memory store; older ones are evicted
     * @param downAfter how long calls to the store must fail before Vedette raises its own CRITICAL alert "Vedette store unreachable" (alerts go on from memory meanwhile)
     */
    public record StoreProperties(
            @DefaultValue("auto") StoreType type,
            @DefaultValue("vedette_") String tablePrefix,
            @DefaultValue("true") boolean migrate,
            @DefaultValue("100000") int maxTransactions,
            @DefaultValue("30s") Duration downAfter) {}

    /**
     * The record pipeline.
     *
     * @param queueCapacity bound of the record queue
     * @param overflowPolicy what a record call does when the queue is full: drop-newest (count and return) or block (wait up to max-block)
     * @param maxBlock longest wait of a record call under the block policy (at most 1s)
     * @param batchSize most records per store write
     * @param maxBatchDelay how long the writer waits to fill a batch
     * @param closeTimeout how long shutdown waits to write what is queued
     */
    public record PipelineProperties(
            @DefaultValue("10000") int queueCapacity,
            @DefaultValue("drop-newest") OverflowPolicy overflowPolicy,
            @DefaultValue("5ms") Duration maxBlock,
            @DefaultValue("500") int batchSize,
            @DefaultValue("50ms") Duration maxBatchDelay,
            @DefaultValue("10s") Duration closeTimeout) {}

    /**
     * The disk spool ({@link SpoolSettings}).
     *
     * @param directory directory of the spool's files; setting it turns the spool on (one application instance per directory)
     * @param maxSize bound on the spool's files; beyond it records are dropped and counted (at least 1MB)
     * @param mode overflow (records go to disk only while the store fails) or write-ahead (every record is on disk before the record call returns; survives kill -9)
     */
    public record SpoolProperties(
            @Nullable String directory,
            @DefaultValue("256MB") DataSize maxSize,
            @DefaultValue("overflow") SpoolSettings.Mode mode) {}

    /**
     * Alerting.
     *
     * @param routes the routing table, tried in order; when empty the defaults apply (CRITICAL to slack, email, pagerduty, sms; HIGH to slack, email; MEDIUM to slack; LOW to the digest)
     * @param groupWait how long a group collects alerts before its first delivery; 0 disables grouping
     * @param groupBy labels whose equal values put alerts in one group
     * @param reminderInterval interval between reminders of unacknowledged CRITICAL and HIGH alerts
     * @param fallbackChannel channel told about deliveries that died; must be a configured channel
     * @param digestChannel channel of the daily digest of LOW alerts; empty for no digest
     * @param digestTime local time the digest goes out, in {@code zone}
     * @param zone the business time zone: what a day is for analytics, reports and the digest
     * @param dashboardUrl the dashboard's base URL for links in notifications
     * @param stormCaps most notifications a minute per channel (defaults: sms 10, pagerduty 30, others 60)
     * @param channelIntervals least time between two notifications per channel (default: slack 1s, others none)
     * @param channelConcurrency most sends in flight at once per channel, in its own delivery lane (default 4)
     * @param sendDeadline longest a send may take per channel before it counts as failed and is retried (default: what the channel's own timeouts add up to, 30s for channels that state none)
     */
    public record AlertingProperties(
            @DefaultValue List<RouteProperties> routes,
            @DefaultValue("0s") Duration groupWait,
            @DefaultValue("component") List<String> groupBy,
            @DefaultValue("30m") Duration reminderInterval,
            @Nullable String fallbackChannel,
            @DefaultValue("email") String digestChannel,
            @DefaultValue("08:00") LocalTime digestTime,
            @DefaultValue("UTC") String zone,
            @Nullable String dashboardUrl,
            @DefaultValue Map<String, Integer> stormCaps,
            @DefaultValue Map<String, Duration> channelIntervals,
            @DefaultValue Map<String, Integer> channelConcurrency,
            @DefaultValue Map<String, Duration> sendDeadline) {}

    /**
     * One route of the routing table.
     *
     * @param severities severities matched; empty matches all
     * @param component component matched, if set
     * @param labels labels the alert must have with these values
     * @param channels notifier names the alert goes to; empty means no immediate message
     * @param continueMatching whether later routes are tried after this one matched
     */
    public record RouteProperties(
            @DefaultValue List<Severity> severities,
            @Nullable String component,
            @DefaultValue Map<String, String> labels,
            @DefaultValue List<String> channels,
            @Name("continue") @DefaultValue("false") boolean continueMatching) {}

    /**
     * Notification channels; each is built when its key property is set (email: host, slack:
     * webhook-url, pagerduty: routing-key, twilio: account-sid, webhook: url).
     *
     * @param email SMTP e-mail
     * @param slack Slack incoming webhook
     * @param pagerduty PagerDuty Events API v2
     * @param twilio Twilio SMS
     * @param webhook generic JSON webhook signed with HMAC-SHA256
     */
    public record NotifiersProperties(
            @DefaultValue EmailProperties email,
            @DefaultValue SlackProperties slack,
            @DefaultValue PagerDutyProperties pagerduty,
            @DefaultValue TwilioProperties twilio,
            @DefaultValue WebhookProperties webhook) {}

    /**
     * What the properties of every notification channel have: the channel name used in routes and
     * the timeouts of its connections (default 5s connect, 10s read and write, as the notifiers'
     * {@code ChannelConfig}), and the components it depends on. {@link VedetteNotifiersAutoConfiguration} applies them to each channel's
     * configuration in one place.
     */
    public interface ChannelProperties {
        /** The channel name used in routes. */
        String name();

        /** The connect timeout. */
        Duration connectTimeout();

        /** The read timeout. */
        Duration readTimeout();

        /** The write timeout. */
        Duration writeTimeout();

        /** Components (health check names) the channel cannot deliver without; alerts about them go elsewhere. */
        List<String> dependsOn();
    }

    /**
     * The e-mail channel.
     *
     * @param name channel name used in routes
     * @param host SMTP host; setting it enables the channel
     * @param port SMTP port (default: 587 for starttls, 465 for ssl, 25 for none)
     * @param security starttls, ssl or none
     * @param checkServerIdentity whether the TLS certificate must match the host
     * @param username SMTP user name
     * @param password SMTP password (never logged)
     * @param from sender address, e.g. {@code Vedette <alerts@example.com>}
     * @param to recipient addresses
     * @param cc copy recipient addresses
     * @param subjectPrefix put before every subject
     * @param connectTimeout connect timeout
     * @param readTimeout read timeout
     * @param writeTimeout write timeout
     * @param dependsOn components (health check names) this channel cannot deliver without: alerts about them go to the other routed channels, or the fallback channel; SMTP and HTTP checks of the channel's own host are added on their own
     */
    public record EmailProperties(
            @DefaultValue("email") String name,
            @Nullable String host,
            @Nullable Integer port,
            @DefaultValue("starttls") String security,
            @DefaultValue("true") boolean checkServerIdentity,
            @Nullable String username,
            @Nullable String password,
            @Nullable String from,
            @DefaultValue List<String> to,
            @DefaultValue List<String> cc,
            @DefaultValue("[Vedette]") String subjectPrefix,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("10s") Duration readTimeout,
            @DefaultValue("10s") Duration writeTimeout,
            @DefaultValue List<String> dependsOn)
            implements ChannelProperties {
        @Override
        public String toString() {
            return "EmailProperties[name=" + name + ", host=" + host + ", port=" + port + ", username=" + username
                    + ", password=" + (password == null ? "none" : "(hidden)") + ", from=" + from + ", to=" + to + "]";
        }
    }

    /**
     * The Slack channel.
     *
     * @param name channel name used in routes
     * @param webhookUrl incoming webhook URL (a secret, never logged); setting it enables the channel
     * @param connectTimeout connect timeout
     * @param readTimeout read timeout
     * @param writeTimeout write timeout
     * @param dependsOn components (health check names) this channel cannot deliver without: alerts about them go to the other routed channels, or the fallback channel; SMTP and HTTP checks of the channel's own host are added on their own
     */
    public record SlackProperties(
            @DefaultValue("slack") String name,
            @Nullable String webhookUrl,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("10s") Duration readTimeout,
            @DefaultValue("10s") Duration writeTimeout,
            @DefaultValue List<String> dependsOn)
            implements ChannelProperties {
        @Override
        public String toString() {
            return "SlackProperties[name=" + name + ", webhookUrl=" + (webhookUrl == null ? "none" : "(hidden)") + "]";
        }
    }

    /**
     * The PagerDuty channel.
     *
     * @param name channel name used in routes
     * @param routingKey Events API v2 integration key (never logged); setting it enables the channel
     * @param baseUrl Events API base URL
     * @param source {@code payload.source}: the host or service that has the problem (default: the local host name)
     * @param group default {@code payload.group}
     * @param connectTimeout connect timeout
     * @param readTimeout read timeout
     * @param writeTimeout write timeout
     * @param dependsOn components (health check names) this channel cannot deliver without: alerts about them go to the other routed channels, or the fallback channel; SMTP and HTTP checks of the channel's own host are added on their own
     */
    public record PagerDutyProperties(
            @DefaultValue("pagerduty") String name,
            @Nullable String routingKey,
            @DefaultValue("https://events.pagerduty.com") String baseUrl,
            @Nullable String source,
            @Nullable String group,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("10s") Duration readTimeout,
            @DefaultValue("10s") Duration writeTimeout,
            @DefaultValue List<String> dependsOn)
            implements ChannelProperties {
        @Override
        public String toString() {
            return "PagerDutyProperties[name=" + name + ", routingKey=" + (routingKey == null ? "none" : "(hidden)")
                    + ", baseUrl=" + baseUrl + "]";
        }
    }

    /**
     * The Twilio SMS channel. Authenticate with {@code auth-token} or with {@code api-key-sid} and
     * {@code api-key-secret}; send from {@code from} or through {@code messaging-service-sid}.
     *
     * @param name channel name used in routes
     * @param accountSid account SID ({@code AC...}); setting it enables the channel
     * @param authToken auth token (never logged)
     * @param apiKeySid API key SID ({@code SK...})
     * @param apiKeySecret API key secret (never logged)
     * @param from sender number in E.164
     * @param messagingServiceSid messaging service SID ({@code MG...})
     * @param to recipient numbers in E.164
     * @param maxSegments most SMS segments one message may take (1 to 10); longer text is cut
     * @param baseUrl API base URL
     * @param kinds kinds of notification sent by SMS (trigger, reminder, acknowledge, resolve, test); empty keeps the default: trigger, reminder, resolve and test
     * @param connectTimeout connect timeout
     * @param readTimeout read timeout
     * @param writeTimeout write timeout
     * @param dependsOn components (health check names) this channel cannot deliver without: alerts about them go to the other routed channels, or the fallback channel; SMTP and HTTP checks of the channel's own host are added on their own
     */
    public record TwilioProperties(
            @DefaultValue("sms") String name,
            @Nullable String accountSid,
            @Nullable String authToken,
            @Nullable String apiKeySid,
            @Nullable String apiKeySecret,
            @Nullable String from,
            @Nullable String messagingServiceSid,
            @DefaultValue List<String> to,
            @DefaultValue("2") int maxSegments,
            @DefaultValue("https://api.twilio.com") String baseUrl,
            @DefaultValue List<DeliveryKind> kinds,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("10s") Duration readTimeout,
            @DefaultValue("10s") Duration writeTimeout,
            @DefaultValue List<String> dependsOn)
            implements ChannelProperties {
        @Override
        public String toString() {
            return "TwilioProperties[name=" + name + ", accountSid=" + accountSid + ", authToken="
                    + (authToken == null ? "none" : "(hidden)") + ", apiKeySid=" + apiKeySid + ", apiKeySecret="
                    + (apiKeySecret == null ? "none" : "(hidden)") + ", from=" + from + ", to=" + to + "]";
        }
    }

    /**
     * The generic webhook channel.
     *
     * @param name channel name used in routes
     * @param url the URL posted to; setting it enables the channel
     * @param signingSecret HMAC-SHA256 signing secret, at least 16 characters (never logged)
     * @param headers headers sent with every request, e.g. Authorization (values never logged)
     * @param connectTimeout connect timeout
     * @param readTimeout read timeout
     * @param writeTimeout write timeout
     * @param dependsOn components (health check names) this channel cannot deliver without: alerts about them go to the other routed channels, or the fallback channel; SMTP and HTTP checks of the channel's own host are added on their own
     */
    public record WebhookProperties(
            @DefaultValue("webhook") String name,
            @Nullable String url,
            @Nullable String signingSecret,
            @DefaultValue Map<String, String> headers,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("10s") Duration readTimeout,
            @DefaultValue("10s") Duration writeTimeout,
            @DefaultValue List<String> dependsOn)
            implements ChannelProperties {
        @Override
        public String toString() {
            return "WebhookProperties[name=" + name + ", url=" + (url == null ? "none" : "(hidden)")
                    + ", signingSecret=" + (signingSecret == null ? "none" : "(hidden)") + ", headers="
                    + headers.keySet() + "]";
        }
    }

    /**
     * Health checks and flap protection.
     *
     * @param http HTTP(S) endpoint checks
     * @param tcp TCP connect checks
     * @param diskSpace free disk space check
     * @param jvmHeap JVM heap usage check
     * @param deadlocks deadlocked threads check
     * @param actuator Spring Boot health contributors run as Vedette checks
     * @param failureThreshold consecutive DOWN reports before a component is DOWN
     * @param successThreshold consecutive UP or DEGRADED reports before a DOWN component recovers
     * @param confirmInterval time between the re-runs of a check that confirm a change of status (after a first failure, or a first success after DOWN); never longer than the check's interval
     * @param severities alert severity per component name, overriding the default (CRITICAL for database, mail and payment components, HIGH otherwise)
     */
    public record ChecksProperties(
            @DefaultValue List<HttpCheckProperties> http,
            @DefaultValue List<TcpCheckProperties> tcp,
            @DefaultValue DiskSpaceCheckProperties diskSpace,
            @DefaultValue JvmHeapCheckProperties jvmHeap,
            @DefaultValue DeadlockCheckProperties deadlocks,
            @DefaultValue ActuatorChecksProperties actuator,
            @DefaultValue("3") int failureThreshold,
            @DefaultValue("2") int successThreshold,
            @DefaultValue("5s") Duration confirmInterval,
            @DefaultValue Map<String, Severity> severities) {}

    /**
     * An HTTP(S) check.
     *
     * @param name component name
     * @param url absolute http or https URL
     * @param interval time between runs
     * @param timeout longest time a run may take; a run slower than 2s, or than half a timeout of 2s or less, is DEGRADED
     * @param expectedStatus accepted status codes; empty accepts 200 to 399
     */
    public record HttpCheckProperties(
            @Nullable String name,
            @Nullable String url,
            @DefaultValue("30s") Duration interval,
            @DefaultValue("5s") Duration timeout,
            @DefaultValue List<Integer> expectedStatus) {}

    /**
     * A TCP connect check.
     *
     * @param name component name
     * @param host host name or address
     * @param port port, 1 to 65535
     * @param interval time between runs
     * @param timeout longest time a run may take; a connect slower than 1s, or than half a timeout of 1s or less, is DEGRADED
     */
    public record TcpCheckProperties(
            @Nullable String name,
            @Nullable String host,
            @DefaultValue("0") int port,
            @DefaultValue("30s") Duration interval,
            @DefaultValue("5s") Duration timeout) {}

    /**
     * The disk space check: DEGRADED below 10 % free, DOWN below 5 %.
     *
     * @param enabled whether it runs
     * @param name component name
     * @param path a path on the file system checked
     * @param interval time between runs
     */
    public record DiskSpaceCheckProperties(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("disk") String name,
            @DefaultValue(".") String path,
            @DefaultValue("30s") Duration interval) {}

    /**
     * The JVM heap check: DEGRADED above 90 % used, DOWN above 98 %.
     *
     * @param enabled whether it runs
     * @param name component name
     * @param interval time between runs
     */
    public record JvmHeapCheckProperties(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("jvm-heap") String name,
            @DefaultValue("30s") Duration interval) {}

    /**
     * The deadlocked threads check.
     *
     * @param enabled whether it runs
     * @param name component name
     * @param interval time between runs
     */
    public record DeadlockCheckProperties(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("deadlocks") String name,
            @DefaultValue("30s") Duration interval) {}

    /**
     * Spring Boot health contributors as Vedette checks (needs Spring Boot's health support).
     *
     * @param include contributor names to run as checks, or {@code *} for all but Vedette's own; empty for none
     * @param interval time between runs (positive)
     * @param timeout longest time a run may take (positive)
     */
    public record ActuatorChecksProperties(
            @DefaultValue List<String> include,
            @DefaultValue("30s") Duration interval,
            @DefaultValue("5s") Duration timeout) {}

    /**
     * A detection rule from properties; the keys per type are in {@code docs/rules.md}.
     *
     * @param type error-rate, failure-count, revenue-drop, latency, absence, traffic-anomaly, refund-rate, new-errors or stuck-payments
     * @param name unique rule name (default: the type's default name)
     * @param properties the rule's settings, e.g. {@code threshold: 10%}, {@code window: 5m}
     */
    public record RuleProperties(
            @Nullable String type,
            @Nullable String name,
            @DefaultValue Map<String, String> properties) {}

    /**
     * Deletion of old raw data (transactions, health samples, logs, resolved alerts). Rollups, error
     * groups and the audit trail are kept.
     *
     * @param enabled whether old raw data is purged
     * @param raw age after which raw data is deleted
     * @param interval time between purges (one instance of a cluster purges at a time)
     */
    public record RetentionProperties(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("90d") Duration raw,
            @DefaultValue("1h") Duration interval) {}

    /**
     * Micrometer meters.
     *
     * @param enabled whether Vedette's meters are registered when a MeterRegistry exists
     * @param maxTagValues most distinct values of one tag (status, provider, channel, component); more are tagged "other"
     */
    public record MetricsProperties(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("50") int maxTagValues) {}

    /**
     * The HTTP endpoint timing filter (servlet applications).
     *
     * @param enabled whether every request is timed by route template
     * @param excludePaths path patterns not timed; the dashboard's base path is always excluded
     * @param maxRoutes most routes tracked; requests to further routes count under the route "OTHER"
     * @param slowThreshold latency above which a request counts as slow
     * @param latencyAlerts whether a route whose latency percentile stays above the slow threshold raises an alert
     * @param latencyPercentile the percentile those alerts watch
     * @param latencyWindow the sliding window those alerts look at (checked every 30 seconds; at least 30s)
     * @param latencyMinRequests requests a route needs in the window before it may alert
     */
    public record WebProperties(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("/actuator/**") List<String> excludePaths,
            @DefaultValue("200") int maxRoutes,
            @DefaultValue("1s") Duration slowThreshold,
            @DefaultValue("true") boolean latencyAlerts,
            @DefaultValue("95") double latencyPercentile,
            @DefaultValue("5m") Duration latencyWindow,
            @DefaultValue("20") long latencyMinRequests) {}

    /**
     * The embedded dashboard.
     *
     * @param enabled whether the dashboard is served
     * @param basePath the path it is served under
     * @param token the access token required when Spring Security is absent (never logged)
     */
    public record DashboardProperties(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("/vedette") String basePath,
            @Nullable String token) {
        @Override
        public String toString() {
            return "DashboardProperties[enabled=" + enabled + ", basePath=" + basePath + ", token="
                    + (token == null ? "none" : "(hidden)") + "]";
        }
    }
}
