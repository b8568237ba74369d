package dev.vedette.alerting;

import dev.vedette.internal.Durations;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.MonitorEvent;
import dev.vedette.store.Store;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox dispatcher of one {@link Alerts}: it claims due deliveries, groups and throttles them
 * (group wait, per-channel interval and storm cap with a summary), hands them to the channel's own
 * delivery lane, and records each result: sent, retry with exponential backoff and jitter (or the
 * peer's {@code Retry-After}), or dead, with a meta-alert to the fallback channel.
 *
 * <p>Each channel has its own lane: at most {@link AlertingSettings#channelConcurrency(String)}
 * sends in flight, each bounded by the channel's send deadline ({@link
 * AlertingSettings#sendDeadline(String)}, else the notifier's {@link Notifier#sendDeadline()} plus one second, capped
 * at half the claim lease). A send that passes its deadline is recorded as a failed attempt ("send
 * deadline of 10s passed") while its claim is kept, and its thread is interrupted; once it returns,
 * a late success is recorded as sent and anything else frees the delivery for its retry. A hanging
 * channel therefore delays only itself, and a send whose outcome is known is never repeated.
 *
 * <p>In the background it runs on its own daemon thread, which wakes when {@link #wake()} is called
 * and at least every 500 ms, and keeps dispatching while there is work; a cycle hands its sends to
 * the lanes and does not wait for them. {@link #close()} stops it. Without it, nothing is sent until
 * {@link #runOnce()} is called, and each cycle waits for its sends and sends a channel's
 * notifications one at a time in the order it planned them, so that a test sees a fixed order.
 * One {@code Alerts} has at most one dispatcher.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int CLAIM_BATCH = 500;
    /** One cycle claims up to this many, so a storm is summarised in one message instead of trickling out. */
    private static final int MAX_CLAIM_PER_CYCLE = 20_000;

    private static final int SUMMARY_ALERTS = 20;
    /** Added to a notifier's own send deadline to make the channel's. */
    static final Duration NOTIFIER_GRACE = Duration.ofSeconds(1);

    private final Alerts alerts;
    private final Store store;
    private final AlertingSettings settings;
    private final String instanceId;
    private final DoubleSupplier random;
    private final Map<DeliveryKind, PayloadSender> payloads;
    private final DeliveryLanes lanes;
    private final Map<String, Instant> nextSendAllowed = new ConcurrentHashMap<>();
    private final Map<String, long[]> stormWindows = new ConcurrentHashMap<>();
    private final Object dispatchLock = new Object();
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean closed;
    private final @Nullable Thread thread;

    /** A set of deliveries sent as one notification. */
    record Unit(String channel, DeliveryKind kind, List<Delivery> deliveries, List<AlertRecord> alerts, int omitted) {}

    /**
     * Creates the dispatcher of {@code alerts}.
     *
     * @param instanceId the owner of the claims this dispatcher takes
     * @param random the source of backoff jitter, in [0, 1)
     * @param background whether to start the background thread
     * @throws IllegalStateException if {@code alerts} already has a dispatcher
     */
    public Dispatcher(Alerts alerts, String instanceId, DoubleSupplier random, boolean background) {
        this(alerts, instanceId, random, background, Map.of());
    }

    /**
     * Creates the dispatcher of {@code alerts} that also sends deliveries carrying other payloads.
     *
     * @param instanceId the owner of the claims this dispatcher takes
     * @param random the source of backoff jitter, in [0, 1)
     * @param background whether to start the background thread
     * @param payloads the senders of the delivery kinds that carry no alerts (reports), by kind
     * @throws IllegalStateException if {@code alerts} already has a dispatcher
     */
    public Dispatcher(
            Alerts alerts,
            String instanceId,
            DoubleSupplier random,
            boolean background,
            Map<DeliveryKind, PayloadSender> payloads) {
        this.payloads = Map.copyOf(payloads);
        this.alerts = alerts;
        this.store = alerts.store();
        this.settings = alerts.settings();
        this.instanceId = instanceId;
        this.random = random;
        this.lanes = new DeliveryLanes(new LaneOutbox(), !background);
        alerts.attach(this);
        this.thread = background
                ? Thread.ofPlatform().name("vedette-dispatcher").daemon(true).start(this::loop)
                : null;
    }

    /** Asks the background thread to run a cycle now; without one, does nothing. */
    public void wake() {
        signal.release();
    }

    private void loop() {
        while (!closed) {
            try {
                signal.tryAcquire(500, TimeUnit.MILLISECONDS);
                signal.drainPermits();
                while (runOnce() > 0 && !closed) {
                    // keep going while there is work
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) { // a cycle cut short by close() is no failure
                    log.warn("Vedette dispatcher cycle failed: {}", e.toString());
                }
            }
        }
    }

    /**
     * Runs one dispatch cycle in the calling thread: claims due deliveries, groups and throttles
     * them, and hands them to their channels' lanes, which send them and record each result.
     * Without a background thread the cycle waits until each of its sends has ended or passed its
     * deadline; with one it returns at once. Cycles of one dispatcher never overlap.
     *
     * @return the number of notifications handed to the lanes
     */
    public int runOnce() {
        synchronized (dispatchLock) {
            Instant now = alerts.clock().instant();
            List<Delivery> claimed = new ArrayList<>();
            while (claimed.size() < MAX_CLAIM_PER_CYCLE) {
                List<Delivery> batch =
                        store.claimDueDeliveries(now, CLAIM_BATCH, instanceId, now.plus(settings.claimLease()));
                claimed.addAll(batch);
                if (batch.size() < CLAIM_BATCH) {
                    break;
                }
            }
            if (claimed.isEmpty()) {
                return 0;
            }
            Map<String, List<Delivery>> byChannel = new LinkedHashMap<>();
            List<CompletableFuture<Void>> inFlight = new ArrayList<>();
            int attempted = 0;
            for (Delivery d : claimed) {
                // a lane still holds it (a send past its deadline that has not returned): claiming it
                // again only renewed the lease
                if (lanes.holds(d.id())) {
                    continue;
                }
                if (payloads.containsKey(d.kind())) {
                    // a report: its own unit on its channel's lane, neither grouped nor storm-capped
                    Unit u = new Unit(d.channel(), d.kind(), List.of(d), List.of(), 0);
                    inFlight.add(lanes.submit(u, settings.channelConcurrency(d.channel()), sendDeadline(d.channel())));
                    attempted++;
                } else {
                    byChannel
                            .computeIfAbsent(d.channel(), k -> new ArrayList<>())
                            .add(d);
                }
            }
            for (Map.Entry<String, List<Delivery>> e : byChannel.entrySet()) {
                String channel = e.getKey();
                List<Unit> units = plan(channel, e.getValue(), now);
                attempted += units.size();
                for (Unit u : units) {
                    inFlight.add(lanes.submit(u, settings.channelConcurrency(channel), sendDeadline(channel)));
                }
            }
            if (thread == null) {
                try {
                    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                            .get();
                } catch (InterruptedException ex) {
                    // closing: the sends finish or their claims expire and another cycle retries them
                    Thread.currentThread().interrupt();
                } catch (ExecutionException ex) {
                    log.error("Vedette dispatch task failed", ex);
                }
            }
            return attempted;
        }
    }

    private List<Unit> plan(String channel, List<Delivery> deliveries, Instant now) {
        if (!alerts.notifiers().containsKey(channel)) {
            for (Delivery d : deliveries) {
                finish(
                        d,
                        d.attempted(DeliveryState.DEAD, now, "channel '" + channel + "' is not configured", null),
                        now);
            }
            return List.of();
        }
        // resolve alerts, and fold grouped triggers into one unit per group
        Map<String, Unit> units = new LinkedHashMap<>();
        for (Delivery d : deliveries) {
            List<AlertRecord> carried = alertsOf(d);
            if (carried.isEmpty()) {
                finish(
                        d,
                        d.attempted(DeliveryState.DEAD, now, "alert " + d.alertId() + " no longer exists", null),
                        now);
                continue;
            }
            String key =
                    d.kind() == DeliveryKind.TRIGGER && !settings.groupWait().isZero()
                            ? "group|" + alerts.router().groupKey(carried.get(0))
                            : "single|" + d.id();
            Unit u = units.get(key);
            if (u == null) {
                units.put(key, new Unit(channel, d.kind(), new ArrayList<>(List.of(d)), new ArrayList<>(carried), 0));
            } else {
                u.deliveries().add(d);
                u.alerts().addAll(carried);
            }
        }
        List<Unit> ordered = new ArrayList<>(units.values());
        ordered.sort(Comparator.comparing((Unit u) -> u.alerts().get(0).severity()));

        // storm cap: per channel per minute; the last free slot carries a summary of the rest
        long window = now.truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
        long[] counter =
                stormWindows.compute(channel, (k, c) -> c == null || c[0] != window ? new long[] {window, 0} : c);
        int cap = settings.stormCap(channel);
        Duration interval = settings.channelInterval(channel);
        Instant allowed = nextSendAllowed.getOrDefault(channel, Instant.MIN);
        List<Unit> send = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Unit u = ordered.get(i);
            long free = cap - counter[1];
            if (free <= 0) {
                deferAll(
                        ordered.subList(i, ordered.size()),
                        Instant.ofEpochMilli(window).plus(Duration.ofMinutes(1)));
                break;
            }
            if (allowed.isAfter(now)) {
                deferAll(ordered.subList(i, ordered.size()), allowed);
                break;
            }
            if (free == 1 && i < ordered.size() - 1) {
                u = summarise(ordered.subList(i, ordered.size()));
                i = ordered.size();
            }
            counter[1]++;
            send.add(u);
            if (!interval.isZero()) {
                allowed = now.plus(interval);
                nextSendAllowed.put(channel, allowed);
            }
        }
        return send;
    }

    private static Unit summarise(List<Unit> rest) {
        List<Delivery> ds = new ArrayList<>();
        List<AlertRecord> carried = new ArrayList<>();
        for (Unit u : rest) {
            ds.addAll(u.deliveries());
            carried.addAll(u.alerts());
        }
        carried.sort(Comparator.comparing(AlertRecord::severity));
        int shown = Math.min(SUMMARY_ALERTS, carried.size());
        return new Unit(
                rest.get(0).channel(),
                rest.get(0).kind(),
                ds,
                new ArrayList<>(carried.subList(0, shown)),
                carried.size() - shown);
    }

    private void deferAll(List<Unit> units, Instant until) {
        for (Unit u : units) {
            for (Delivery d : u.deliveries()) {
                store.recordAttempt(d.deferred(until), instanceId);
            }
        }
    }

    private List<AlertRecord> alertsOf(Delivery d) {
        LocalDate digestDay = d.kind() == DeliveryKind.DIGEST ? AlertJobs.digestDay(d.alertId()) : null;
        if (digestDay != null) {
            return alerts.lowAlerts(digestDay);
        }
        return store.alert(d.alertId()).map(List::of).orElse(List.of());
    }

    /**
     * The send deadline of a channel: its own, else its notifier's plus {@link #NOTIFIER_GRACE} (so
     * that a notifier enforcing its own deadline reports first, with its own words), capped at half
     * the claim lease.
     */
    Duration sendDeadline(String channel) {
        return settings.sendDeadline(channel).orElseGet(() -> {
            Notifier notifier = alerts.notifiers().get(channel);
            Duration stated = notifier == null ? null : notifier.sendDeadline();
            Duration cap = settings.claimLease().dividedBy(2);
            if (stated == null || !stated.isPositive()) {
                return cap;
            }
            Duration deadline = stated.plus(NOTIFIER_GRACE);
            return deadline.compareTo(cap) > 0 ? cap : deadline;
        });
    }

    /** The dispatcher's side of its delivery lanes: send, and record under the claim. */
    private final class LaneOutbox implements DeliveryLanes.Outbox {
        @Override
        public SendResult send(Unit u) {
            Delivery first = u.deliveries().get(0);
            Notifier notifier = alerts.notifiers().get(u.channel());
            PayloadSender payload = payloads.get(u.kind());
            if (payload != null) {
                if (notifier == null) {
                    return SendResult.failed("channel '" + u.channel() + "' is not configured");
                }
                try {
                    return payload.send(notifier, first);
                } catch (RuntimeException e) {
                    return SendResult.retryLater(
                            u.channel() + " threw " + e.getClass().getName());
                }
            }
            URI link = settings.dashboardUrl() == null
                    ? null
                    : URI.create(settings.dashboardUrl().toString().replaceAll("/+$", "") + "/alerts/"
                            + u.alerts().get(0).id());
            Notification n = new Notification(
                    first.id(), u.kind(), u.alerts(), u.omitted(), link, first.attempts() + 1, first.createdAt());
            return safeSend(notifier, n);
        }

        @Override
        public List<Delivery> record(Unit u, SendResult result, boolean keepClaim) {
            Instant now = alerts.clock().instant();
            List<Delivery> recorded = new ArrayList<>();
            for (Delivery d : u.deliveries()) {
                Delivery next = outcome(d, result, now);
                if (keepClaim) {
                    next = next.claimed(instanceId, d.claimedUntil());
                }
                finish(d, next, now);
                recorded.add(next);
            }
            return recorded;
        }

        @Override
        public void recordLate(Unit u, List<Delivery> recorded, SendResult result, Duration deadline) {
            Instant now = alerts.clock().instant();
            if (result instanceof SendResult.Sent) {
                // it went out after all: record that, so the retry planned at the deadline never runs
                for (Delivery d : u.deliveries()) {
                    finish(
                            d,
                            d.attempted(
                                    DeliveryState.SENT,
                                    now,
                                    "sent after its send deadline of " + Durations.human(deadline) + " had passed",
                                    now),
                            now);
                }
                return;
            }
            for (Delivery r : recorded) {
                if (!store.recordAttempt(r.deferred(r.nextAttemptAt()), instanceId)) {
                    log.warn("Vedette lost its claim on delivery {} before its late send returned", r.id());
                }
            }
        }

        @Override
        public boolean claimCovers(Unit u, Duration deadline) {
            Instant until = alerts.clock().instant().plus(deadline);
            return u.deliveries().stream()
                    .allMatch(d -> d.claimedUntil() == null || d.claimedUntil().isAfter(until));
        }

        @Override
        public void release(Unit u) {
            Instant now = alerts.clock().instant();
            u.deliveries().forEach(d -> store.recordAttempt(d.deferred(now), instanceId));
        }
    }

    private Delivery outcome(Delivery d, SendResult result, Instant now) {
        return switch (result) {
            case SendResult.Sent s -> d.attempted(DeliveryState.SENT, now, null, now);
            case SendResult.Failed f -> d.attempted(DeliveryState.DEAD, now, f.reason(), null);
            case SendResult.RetryLater r ->
                d.attempts() + 1 >= settings.maxAttempts()
                        ? d.attempted(
                                DeliveryState.DEAD,
                                now,
                                "gave up after " + (d.attempts() + 1) + " attempts: " + r.reason(),
                                null)
                        : d.attempted(
                                DeliveryState.FAILED,
                                now.plus(r.delay() != null ? r.delay() : backoff(d.attempts() + 1)),
                                r.reason(),
                                null);
        };
    }

    /** The delay before retry number {@code failures} (1 after the first failure), with jitter. */
    Duration backoff(int failures) {
        long base = settings.initialBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long delay = base;
        for (int i = 1; i < failures && delay < max; i++) {
            delay = Math.min(max, delay * 2);
        }
        double factor = 1 + settings.jitter() * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.round(delay * factor));
    }

    /** Sends, turning a null result or an exception into a retry. */
    static SendResult safeSend(Notifier notifier, Notification n) {
        try {
            SendResult r = notifier.send(n);
            return r == null ? SendResult.retryLater(notifier.name() + " returned no result") : r;
        } catch (RuntimeException e) {
            log.warn(
                    "Vedette notifier '{}' threw {}; will retry",
                    notifier.name(),
                    e.getClass().getName());
            return SendResult.retryLater(
                    notifier.name() + " threw " + e.getClass().getName());
        }
    }

    private void finish(Delivery claimed, Delivery next, Instant now) {
        if (!store.recordAttempt(next, instanceId)) {
            log.warn("Vedette lost its claim on delivery {} before recording the result", claimed.id());
            return;
        }
        switch (next.state()) {
            case SENT -> alerts.events().accept(new MonitorEvent.DeliverySent(next, now));
            case FAILED -> alerts.events().accept(new MonitorEvent.DeliveryFailed(next, now));
            case DEAD -> {
                log.warn(
                        "Vedette delivery {} to '{}' failed for good: {}", next.id(), next.channel(), next.lastError());
                alerts.events().accept(new MonitorEvent.DeliveryDead(next, now));
                raiseMetaAlert(next);
            }
            default -> {}
        }
    }

    private void raiseMetaAlert(Delivery dead) {
        String fallback = settings.fallbackChannel();
        if (fallback == null
                || fallback.equals(dead.channel())
                || !alerts.notifiers().containsKey(fallback)) {
            return;
        }
        try {
            alerts.raise(Alert.high("Notifications to " + dead.channel() + " are failing")
                    .component("vedette")
                    .source(Router.META_SOURCE)
                    .dedupKey("vedette/delivery-dead/" + dead.channel())
                    .message("Delivery " + dead.id() + " (" + dead.kind() + ") is dead: " + dead.lastError())
                    .label("channel", dead.channel())
                    .build());
        } catch (RuntimeException e) {
            log.error("Vedette could not raise the meta-alert for a dead delivery", e);
        }
    }

    /** Stops the background thread and the sender threads. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000); // a cycle cut short ends quickly; its claims expire and are retried
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lanes.close();
    }
}
