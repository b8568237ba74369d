package dev.vedette.health;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Dead-man's switches: components that prove they are alive by signalling, such as a scheduled job,
 * a queue consumer or "a payment completed". {@link #register(Heartbeat) Register} a heartbeat,
 * call {@link #beat(String)} whenever the component does its work, and {@link #evaluate()} turns
 * silence into health reports:
 *
 * <ul>
 *   <li>UP "last heartbeat 5m ago" while the last signal is at most one interval old;
 *   <li>DOWN "no heartbeat for 31m (expected every 30m)" once it is older;
 *   <li>before the first signal: UNKNOWN "waiting for the first heartbeat" until one interval has
 *       passed since registration, then DOWN "no heartbeat since registration 31m ago (expected
 *       every 30m)".
 * </ul>
 *
 * <p>With {@link Heartbeat.BusinessHours business hours}, only silence inside the windows counts:
 * a heartbeat expected every 30 minutes between 09:00 and 18:00 whose last signal came at 17:50 on
 * Friday is still UP at 09:15 on Monday (10 + 15 minutes of business time) and DOWN after 09:20.
 * The message still shows the wall-clock age.
 *
 * <p>Reports carry the details {@code lastBeatAt} (when there was one), {@code ageSeconds} and
 * {@code intervalSeconds}, and {@code checkedAt} = the clock's time. Thread-safe; {@link #beat} is
 * lock-free and cheap enough for a hot path. The number of heartbeats is bounded ({@link
 * #DEFAULT_MAX_HEARTBEATS} unless configured).
 *
 * <pre>{@code
 * Heartbeats heartbeats = new Heartbeats(Clock.systemUTC());
 * heartbeats.register(Heartbeat.of("nightly-settlement", Duration.ofHours(25)));
 * // in the job:
 * heartbeats.beat("nightly-settlement");
 * // on a schedule:
 * heartbeats.evaluate().forEach(monitor::recordHealth);
 * }</pre>
 */
public final class Heartbeats {
    /** Default maximum number of registered heartbeats: 1000. */
    public static final int DEFAULT_MAX_HEARTBEATS = 1_000;

    private final Clock clock;
    private final int maxHeartbeats;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicLong order = new AtomicLong();

    /**
     * Heartbeats timed by {@code clock}, at most {@link #DEFAULT_MAX_HEARTBEATS}.
     *
     * @throws IllegalArgumentException if clock is null
     */
    public Heartbeats(Clock clock) {
        this(clock, DEFAULT_MAX_HEARTBEATS);
    }

    /**
     * Heartbeats timed by {@code clock}, at most {@code maxHeartbeats}.
     *
     * @throws IllegalArgumentException if clock is null or maxHeartbeats is less than 1
     */
    public Heartbeats(Clock clock, int maxHeartbeats) {
        this.clock = Validate.notNull("clock", clock);
        this.maxHeartbeats = Validate.atLeast("maxHeartbeats", maxHeartbeats, 1);
    }

    /**
     * Registers a heartbeat, or replaces the configuration of one with the same component (keeping
     * its last signal and registration time). A new heartbeat's grace period starts now.
     *
     * @throws IllegalArgumentException if heartbeat is null
     * @throws IllegalStateException if this would exceed the maximum number of heartbeats
     */
    public synchronized void register(Heartbeat heartbeat) {
        Validate.notNull("heartbeat", heartbeat);
        Slot old = slots.get(heartbeat.component());
        if (old == null) {
            if (slots.size() >= maxHeartbeats) {
                throw new IllegalStateException("cannot register heartbeat '" + heartbeat.component() + "': at most "
                        + maxHeartbeats + " heartbeats, already " + slots.size());
            }
            slots.put(
                    heartbeat.component(),
                    new Slot(
                            heartbeat,
                            clock.instant(),
                            order.getAndIncrement(),
                            new AtomicReference<>(),
                            new AtomicReference<>(),
                            new AtomicReference<>()));
        } else {
            slots.put(
                    heartbeat.component(),
                    new Slot(heartbeat, old.registeredAt, old.order, old.lastBeat, old.started, old.failure));
        }
    }

    /** Removes a heartbeat; returns false if it was not registered. Null-safe. */
    public synchronized boolean unregister(@Nullable String component) {
        return component != null && slots.remove(component) != null;
    }

    /**
     * Records a signal from {@code component} at the clock's current time. Returns false, and does
     * nothing else, when no heartbeat is registered under that name (or the name is null): a
     * monitoring call never fails the host's work.
     */
    public boolean beat(@Nullable String component) {
        Slot slot = component == null ? null : slots.get(component);
        if (slot == null) {
            return false;
        }
        slot.lastBeat.set(clock.instant());
        slot.started.set(null);
        slot.failure.set(null);
        return true;
    }

    /**
     * Records that a run of {@code component}'s job started now: with a {@link Heartbeat#maxRunTime()},
     * the heartbeat is DOWN once that much time passes without a beat or a failure. Returns false,
     * and does nothing else, when no heartbeat is registered under that name.
     */
    public boolean start(@Nullable String component) {
        Slot slot = component == null ? null : slots.get(component);
        if (slot == null) {
            return false;
        }
        slot.started.set(clock.instant());
        return true;
    }

    /**
     * Records that {@code component}'s job failed now: the heartbeat is DOWN, with the message, until
     * the next {@link #beat} (which also ends a {@link #start started} run). Returns false, and does nothing else, when no heartbeat is registered
     * under that name.
     */
    public boolean fail(@Nullable String component, @Nullable String message) {
        Slot slot = component == null ? null : slots.get(component);
        if (slot == null) {
            return false;
        }
        slot.failure.set(new Failure(clock.instant(), message));
        slot.started.set(null);
        return true;
    }

    /** The time of the last signal, or null if none (or not registered). */
    public @Nullable Instant lastBeat(String component) {
        Slot slot = slots.get(Validate.notNull("component", component));
        return slot == null ? null : slot.lastBeat.get();
    }

    /** True if a heartbeat is registered under this name. Null-safe. */
    public boolean isRegistered(@Nullable String component) {
        return component != null && slots.containsKey(component);
    }

    /** Number of registered heartbeats. */
    public int size() {
        return slots.size();
    }

    /** One report per registered heartbeat, in registration order, judged at the clock's time. */
    public List<HealthReport> evaluate() {
        Instant now = clock.instant();
        return slots.values().stream()
                .sorted(Comparator.comparingLong(s -> s.order))
                .map(s -> evaluate(s, now))
                .toList();
    }

    /**
     * The report for one heartbeat at the clock's time, or null if it is not registered.
     *
     * @throws IllegalArgumentException if component is null
     */
    public @Nullable HealthReport evaluate(String component) {
        Slot slot = slots.get(Validate.notNull("component", component));
        return slot == null ? null : evaluate(slot, clock.instant());
    }

    private static HealthReport evaluate(Slot slot, Instant now) {
        Heartbeat hb = slot.heartbeat;
        Instant last = slot.lastBeat.get();
        Instant reference = last != null ? last : slot.registeredAt;
        Duration age = now.isAfter(reference) ? Duration.between(reference, now) : Duration.ZERO;
        Heartbeat.BusinessHours hours = hb.businessHours();
        Duration counted = hours == null ? age : hours.openTimeBetween(reference, now, hb.interval());
        boolean overdue = counted.compareTo(hb.interval()) > 0;
        String expected = "expected every " + CheckSupport.format(hb.interval())
                + (hours == null ? "" : " during business hours");
        HealthReport.Builder report;
        Failure failure = slot.failure.get();
        Instant started = slot.started.get();
        Duration maxRun = hb.maxRunTime();
        if (failure != null) {
            String what = failure.message == null || failure.message.isBlank() ? "" : ": " + failure.message;
            return HealthReport.builder(hb.component(), HealthStatus.DOWN)
                    .message("last run failed "
                            + CheckSupport.format(
                                    Duration.between(failure.at, now).abs()) + " ago" + what)
                    .detail("failedAt", failure.at.toString())
                    .detail("ageSeconds", age.toSeconds())
                    .detail("intervalSeconds", hb.interval().toSeconds())
                    .checkedAt(now)
                    .build();
        }
        if (started != null && maxRun != null && Duration.between(started, now).compareTo(maxRun) > 0) {
            return HealthReport.builder(hb.component(), HealthStatus.DOWN)
                    .message("run started " + CheckSupport.format(Duration.between(started, now)) + " ago has not"
                            + " finished (allowed " + CheckSupport.format(maxRun) + ")")
                    .detail("startedAt", started.toString())
                    .detail("ageSeconds", age.toSeconds())
                    .detail("intervalSeconds", hb.interval().toSeconds())
                    .checkedAt(now)
                    .build();
        }
        if (last == null) {
            report = overdue
                    ? HealthReport.builder(hb.component(), HealthStatus.DOWN)
                            .message("no heartbeat since registration " + CheckSupport.format(age) + " ago (" + expected
                                    + ")")
                    : HealthReport.builder(hb.component(), HealthStatus.UNKNOWN)
                            .message("waiting for the first heartbeat (" + expected + ")");
        } else {
            report = overdue
                    ? HealthReport.builder(hb.component(), HealthStatus.DOWN)
                            .message("no heartbeat for " + CheckSupport.format(age) + " (" + expected + ")")
                    : HealthReport.builder(hb.component(), HealthStatus.UP)
                            .message("last heartbeat " + CheckSupport.format(age) + " ago");
            report.detail("lastBeatAt", last.toString());
        }
        return report.detail("ageSeconds", age.toSeconds())
                .detail("intervalSeconds", hb.interval().toSeconds())
                .checkedAt(now)
                .build();
    }

    private static final class Slot {
        final Heartbeat heartbeat;
        final Instant registeredAt;
        final long order;
        final AtomicReference<@Nullable Instant> lastBeat;
        final AtomicReference<@Nullable Instant> started;
        final AtomicReference<@Nullable Failure> failure;

        Slot(
                Heartbeat heartbeat,
                Instant registeredAt,
                long order,
                AtomicReference<@Nullable Instant> lastBeat,
                AtomicReference<@Nullable Instant> started,
                AtomicReference<@Nullable Failure> failure) {
            this.heartbeat = heartbeat;
            this.registeredAt = registeredAt;
            this.order = order;
            this.lastBeat = lastBeat;
            this.started = started;
            this.failure = failure;
        }
    }

    private record Failure(Instant at, @Nullable String message) {}
}
