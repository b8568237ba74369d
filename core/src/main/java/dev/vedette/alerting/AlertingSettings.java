package dev.vedette.alerting;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthReport;
import dev.vedette.model.Severity;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How the alerting engine routes, groups, throttles, reminds and retries. Immutable; every value
 * has a documented default ({@code DEFAULT_*}).
 */
public final class AlertingSettings {
    /** Grouping is off by default: every alert is delivered at once. */
    public static final Duration DEFAULT_GROUP_WAIT = Duration.ZERO;
    /** Unacknowledged CRITICAL and HIGH alerts are reminded every 30 minutes. */
    public static final Duration DEFAULT_REMINDER_INTERVAL = Duration.ofMinutes(30);
    /** A delivery is tried at most 12 times, then it is DEAD. */
    public static final int DEFAULT_MAX_ATTEMPTS = 12;
    /** First retry after 5 s, doubling each attempt. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(5);
    /** Retries are at most 15 minutes apart. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(15);
    /** Retry delays vary by up to ±20 %, so that many instances do not retry in step. */
    public static final double DEFAULT_JITTER = 0.2;
    /** A claimed delivery is held for 2 minutes; a crashed dispatcher's claims expire after that. */
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(2);
    /** Per channel, at most this many notifications a minute; the rest are summarised. */
    public static final int DEFAULT_STORM_CAP = 60;
    /** Slack accepts about one message a second per webhook. */
    public static final Duration DEFAULT_SLACK_INTERVAL = Duration.ofSeconds(1);
    /** At most this many sends in flight per channel. */
    public static final int DEFAULT_CHANNEL_CONCURRENCY = 4;
    /**
     * The send deadline of a channel whose notifier states none ({@link Notifier#sendDeadline()}):
     * 30 seconds.
     */
    public static final Duration DEFAULT_SEND_DEADLINE = Duration.ofSeconds(30);
    /** The daily digest of LOW alerts goes out at 08:00 in {@link #zone()}. */
    public static final LocalTime DEFAULT_DIGEST_TIME = LocalTime.of(8, 0);

    private final List<Route> routes;
    private final boolean routesExplicit;
    private final List<InhibitRule> inhibitRules;
    private final Duration groupWait;
    private final List<String> groupBy;
    private final Duration reminderInterval;
    private final Set<Severity> reminderSeverities;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final Duration claimLease;
    private final Map<String, Integer> stormCaps;
    private final Map<String, Duration> channelIntervals;
    private final int channelConcurrency;
    private final Map<String, Integer> channelConcurrencies;
    private final Map<String, Duration> sendDeadlines;
    private final @Nullable String fallbackChannel;
    private final Map<String, Set<String>> channelDependencies;
    private final @Nullable String digestChannel;
    private final LocalTime digestTime;
    private final ZoneId zone;
    private final @Nullable URI dashboardUrl;

    private AlertingSettings(Builder b) {
        this.routes = List.copyOf(b.routes);
        this.routesExplicit = !b.routes.isEmpty();
        this.inhibitRules = List.copyOf(b.inhibitRules);
        this.groupWait = b.groupWait;
        this.groupBy = List.copyOf(b.groupBy);
        this.reminderInterval = b.reminderInterval;
        this.reminderSeverities = Set.copyOf(b.reminderSeverities);
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.claimLease = b.claimLease;
        this.stormCaps = Map.copyOf(b.stormCaps);
        this.channelIntervals = Map.copyOf(b.channelIntervals);
        this.channelConcurrency = b.channelConcurrency;
        this.channelConcurrencies = Map.copyOf(b.channelConcurrencies);
        this.sendDeadlines = Map.copyOf(b.sendDeadlines);
        this.fallbackChannel = b.fallbackChannel;
        Map<String, Set<String>> deps = new HashMap<>();
        b.channelDependencies.forEach((channel, components) -> deps.put(channel, Set.copyOf(components)));
        this.channelDependencies = Map.copyOf(deps);
        this.digestChannel = b.digestChannel;
        this.digestTime = b.digestTime;
        this.zone = b.zone;
        this.dashboardUrl = b.dashboardUrl;
    }

    /** Starts settings with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every default. */
    public static AlertingSettings defaults() {
        return builder().build();
    }

    /**
     * The default routing table from the seeds: CRITICAL → slack, email, pagerduty, sms; HIGH →
     * slack, email; MEDIUM → slack; LOW → no immediate message (daily digest).
     */
    public static List<Route> defaultRoutes() {
        return List.of(
                Route.of(Severity.CRITICAL, "slack", "email", "pagerduty", "sms"),
                Route.of(Severity.HIGH, "slack", "email"),
                Route.of(Severity.MEDIUM, "slack"),
                Route.of(Severity.LOW));
    }

    /** The routes; empty when none were set (the monitor then applies {@link #defaultRoutes()}). */
    public List<Route> routes() {
        return routes;
    }

    /** True if routes were set explicitly (then unknown channels are an error). */
    public boolean routesExplicit() {
        return routesExplicit;
    }

    /** Inhibition rules. */
    public List<InhibitRule> inhibitRules() {
        return inhibitRules;
    }

    /** How long a group collects alerts before its first delivery; zero disables grouping. */
    public Duration groupWait() {
        return groupWait;
    }

    /** Labels whose equal values put alerts in one group (default {@code component}). */
    public List<String> groupBy() {
        return groupBy;
    }

    /** Interval between reminders of unacknowledged alerts. */
    public Duration reminderInterval() {
        return reminderInterval;
    }

    /** Severities that get reminders (default CRITICAL, HIGH). */
    public Set<Severity> reminderSeverities() {
        return reminderSeverities;
    }

    /** Attempts before a delivery is DEAD. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** First retry delay. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** Longest retry delay. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** Relative jitter of retry delays, 0 to 0.5. */
    public double jitter() {
        return jitter;
    }

    /** How long a dispatcher's claim on a delivery holds. */
    public Duration claimLease() {
        return claimLease;
    }

    /** Most notifications per minute on a channel. */
    public int stormCap(String channel) {
        return stormCaps.getOrDefault(channel, DEFAULT_STORM_CAP);
    }

    /** Least time between two notifications on a channel (zero: no limit). Slack: 1 s by default. */
    public Duration channelInterval(String channel) {
        Duration d = channelIntervals.get(channel);
        if (d != null) {
            return d;
        }
        return channel.equals("slack") ? DEFAULT_SLACK_INTERVAL : Duration.ZERO;
    }

    /** Sends in flight per channel, for channels without a bound of their own; default 4. */
    public int channelConcurrency() {
        return channelConcurrency;
    }

    /**
     * Sends in flight on {@code channel}: its own bound if one was set, else {@link
     * #channelConcurrency()}. A send still running past its deadline keeps its place until it returns.
     */
    public int channelConcurrency(String channel) {
        return channelConcurrencies.getOrDefault(channel, channelConcurrency);
    }

    /**
     * The send deadline set for {@code channel}, or empty when the channel uses the one its notifier
     * states ({@link Notifier#sendDeadline()} plus one second, capped at half the claim lease).
     */
    public Optional<Duration> sendDeadline(String channel) {
        return Optional.ofNullable(sendDeadlines.get(channel));
    }

    /** The channel that hears about deliveries that died, or null. */
    public @Nullable String fallbackChannel() {
        return fallbackChannel;
    }

    /**
     * Components each channel depends on, as declared with {@link Builder#channelDependsOn} (the
     * monitor adds those it infers); see {@link ChannelDependencies}.
     */
    public Map<String, Set<String>> channelDependencies() {
        return channelDependencies;
    }

    /** The channel the daily digest of LOW alerts goes to, or null for no digest. */
    public @Nullable String digestChannel() {
        return digestChannel;
    }

    /** When the daily digest goes out, in {@link #zone()}. */
    public LocalTime digestTime() {
        return digestTime;
    }

    /** The business time zone (digest time, days). */
    public ZoneId zone() {
        return zone;
    }

    /** The dashboard's base URL for links in notifications, or null. */
    public @Nullable URI dashboardUrl() {
        return dashboardUrl;
    }

    /** Builds {@link AlertingSettings}. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();
        private final List<InhibitRule> inhibitRules = new ArrayList<>();
        private Duration groupWait = DEFAULT_GROUP_WAIT;
        private List<String> groupBy = List.of("component");
        private Duration reminderInterval = DEFAULT_REMINDER_INTERVAL;
        private Set<Severity> reminderSeverities = EnumSet.of(Severity.CRITICAL, Severity.HIGH);
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double jitter = DEFAULT_JITTER;
        private Duration claimLease = DEFAULT_CLAIM_LEASE;
        private final Map<String, Integer> stormCaps = new HashMap<>(Map.of("sms", 10, "pagerduty", 30));
        private final Map<String, Duration> channelIntervals = new HashMap<>();
        private int channelConcurrency = DEFAULT_CHANNEL_CONCURRENCY;
        private final Map<String, Integer> channelConcurrencies = new HashMap<>();
        private final Map<String, Duration> sendDeadlines = new HashMap<>();
        private @Nullable String fallbackChannel;
        private final Map<String, Set<String>> channelDependencies = new HashMap<>();
        private @Nullable String digestChannel = "email";
        private LocalTime digestTime = DEFAULT_DIGEST_TIME;
        private ZoneId zone = ZoneOffset.UTC;
        private @Nullable URI dashboardUrl;

        private Builder() {}

        /** Adds a route; once any route is added, the default routes no longer apply. */
        public Builder route(Route route) {
            routes.add(Validate.notNull("route", route));
            return this;
        }

        /** Adds an inhibition rule. */
        public Builder inhibit(InhibitRule rule) {
            inhibitRules.add(Validate.notNull("inhibit rule", rule));
            return this;
        }

        /** Group wait (zero disables grouping) and the labels that form a group. */
        public Builder grouping(Duration wait, String... groupBy) {
            this.groupWait = Validate.notNegative("groupWait", wait);
            this.groupBy = List.of(groupBy);
            return this;
        }

        /** Reminder interval and the severities reminded. */
        public Builder reminders(Duration interval, Severity... severities) {
            this.reminderInterval = Validate.positive("reminderInterval", interval);
            this.reminderSeverities = severities.length == 0 ? Set.of() : EnumSet.copyOf(List.of(severities));
            return this;
        }

        /** Retry policy: attempts, first delay, longest delay, jitter (0 to 0.5). */
        public Builder retries(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {
            this.maxAttempts = Validate.atLeast("maxAttempts", maxAttempts, 1);
            this.initialBackoff = Validate.positive("initialBackoff", initialBackoff);
            this.maxBackoff = Validate.positive("maxBackoff", maxBackoff);
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff, was "
                        + maxBackoff + " < " + initialBackoff);
            }
            if (!(jitter >= 0 && jitter <= 0.5)) {
                throw new IllegalArgumentException("jitter must be between 0 and 0.5, was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /** How long a claim on a delivery holds. */
        public Builder claimLease(Duration lease) {
            this.claimLease = Validate.positive("claimLease", lease);
            return this;
        }

        /** Most notifications a minute on a channel; above it the rest are summarised. */
        public Builder stormCap(String channel, int perMinute) {
            stormCaps.put(Validate.identifier("channel", channel, 64), Validate.atLeast("stormCap", perMinute, 1));
            return this;
        }

        /** Least time between two notifications on a channel (zero: none). */
        public Builder channelInterval(String channel, Duration interval) {
            channelIntervals.put(
                    Validate.identifier("channel", channel, 64), Validate.notNegative("interval", interval));
            return this;
        }

        /** Sends in flight per channel, for every channel without a bound of its own; at least 1. */
        public Builder channelConcurrency(int concurrency) {
            this.channelConcurrency = Validate.atLeast("channelConcurrency", concurrency, 1);
            return this;
        }

        /** Sends in flight on one channel; at least 1. */
        public Builder channelConcurrency(String channel, int concurrency) {
            channelConcurrencies.put(
                    Validate.identifier("channel", channel, 64),
                    Validate.atLeast("channelConcurrency", concurrency, 1));
            return this;
        }

        /**
         * How long one send on {@code channel} may take before it counts as a failed attempt and the
         * delivery is retried; positive and shorter than the claim lease (checked by {@link #build()}).
         * Without it the channel uses its notifier's {@link Notifier#sendDeadline()}.
         */
        public Builder sendDeadline(String channel, Duration deadline) {
            sendDeadlines.put(Validate.identifier("channel", channel, 64), Validate.positive("sendDeadline", deadline));
            return this;
        }

        /** The channel that hears about dead deliveries. */
        public Builder fallbackChannel(@Nullable String channel) {
            this.fallbackChannel = channel == null ? null : Validate.identifier("fallbackChannel", channel, 64);
            return this;
        }

        /**
         * Declares that {@code channel} cannot deliver while any of {@code components} (health check
         * or alert component names) is down, so alerts about them are routed around it; adds to
         * what the channel's notifier declares and what the monitor infers ({@link
         * ChannelDependencies}). A channel without a notifier fails the monitor's build.
         *
         * @throws IllegalArgumentException if the channel or a component is not a valid name
         */
        public Builder channelDependsOn(String channel, String... components) {
            Validate.identifier("channel", channel, 64);
            Validate.notNull("components", components);
            Set<String> set = channelDependencies.computeIfAbsent(channel, k -> new LinkedHashSet<>());
            for (String c : components) {
                set.add(Validate.identifier("component", c, HealthReport.MAX_COMPONENT_LENGTH));
            }
            return this;
        }

        /** The digest channel (null: no digest) and the local time it goes out. */
        public Builder digest(@Nullable String channel, LocalTime at) {
            this.digestChannel = channel == null ? null : Validate.identifier("digestChannel", channel, 64);
            this.digestTime = Validate.notNull("digestTime", at);
            return this;
        }

        /** The business time zone. */
        public Builder zone(ZoneId zone) {
            this.zone = Validate.notNull("zone", zone);
            return this;
        }

        /** The dashboard's base URL for links, e.g. {@code https://shop.example.com/vedette}. */
        public Builder dashboardUrl(@Nullable URI url) {
            this.dashboardUrl = url;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @throws IllegalArgumentException if a send deadline is not shorter than the claim lease
         */
        public AlertingSettings build() {
            sendDeadlines.forEach((channel, deadline) -> {
                if (deadline.compareTo(claimLease) >= 0) {
                    throw new IllegalArgumentException("sendDeadline of channel '" + channel
                            + "' must be shorter than claimLease (" + claimLease + "), but was " + deadline);
                }
            });
            return new AlertingSettings(this);
        }
    }
}
