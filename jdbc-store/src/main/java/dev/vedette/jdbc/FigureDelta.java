package dev.vedette.jdbc;

import dev.vedette.analytics.HyperLogLog;
import dev.vedette.jdbc.RollupDelta.Granularity;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionStatus;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The figure-rollup changes of one batch, as {@link RollupDelta} is for the transaction rollups: per
 * (granularity, UTC bucket, error code) the FAILED-kind count to add and the newest message seen; per
 * (granularity, bucket, step) the count to add; per (UTC day, sketch, register) the rank offered.
 * A transaction moves from its old contribution (null if new) to its new one, so a payment recorded
 * PENDING, then FAILED with a code, then COMPLETED adds and then removes its failure.
 */
final class FigureDelta {
    /** HyperLogLog precision of the customer sketches: 2048 registers, about 2.3 % standard error. */
    static final int PRECISION = 11;

    /** The granularities of the failure and step rollups, coarsest first. */
    static final List<Granularity> LEVELS = List.of(Granularity.DAY, Granularity.HOUR);

    /** The sketch of every customer. */
    static final String ALL = "a";

    /** What one transaction state contributes to the figure rollups. */
    record Contribution(
            long createdAt,
            String id,
            boolean failed,
            @Nullable String errorCode,
            @Nullable String errorMessage,
            Set<String> steps,
            @Nullable String email,
            String statusKind) {

        static Contribution of(StoredTransaction t) {
            return of(
                    Times.nanos(t.createdAt()),
                    t.id(),
                    t.status().kind().name(),
                    t.errorCode(),
                    t.errorMessage(),
                    t.steps(),
                    t.customerEmail());
        }

        static Contribution of(
                long createdAt,
                String id,
                String statusKind,
                @Nullable String errorCode,
                @Nullable String errorMessage,
                Set<String> steps,
                @Nullable String email) {
            return new Contribution(
                    createdAt,
                    id,
                    TransactionStatus.Kind.FAILED.name().equals(statusKind),
                    errorCode,
                    errorMessage,
                    steps,
                    email == null ? null : email.toLowerCase(Locale.ROOT),
                    statusKind);
        }

        private boolean sameFailure(Contribution o) {
            return failed == o.failed
                    && (!failed
                            || (createdAt == o.createdAt
                                    && Objects.equals(errorCode, o.errorCode)
                                    && Objects.equals(errorMessage, o.errorMessage)));
        }
    }

    /** A failure rollup key before the bound on codes is applied; a null code is "no code". */
    record FailureKey(
            String granularity, long bucketStart, @Nullable String code) {}

    /** The change to one failure key. */
    static final class FailureChange {
        long count;
        /** The newest (createdAt, id, message) added, if any had a message. */
        long newestAt = Long.MIN_VALUE;

        @Nullable
        String newestId;

        @Nullable
        String newestMessage;
        /** Ids whose message left the key: if one was the row's newest, it is recomputed. */
        final Set<String> removedIds = new HashSet<>();

        void offer(long at, String id, String message) {
            if (newestId == null
                    || at > newestAt
                    || (at == newestAt && dev.vedette.store.Cursor.KEY_ORDER.compare(id, newestId) > 0)) {
                newestAt = at;
                newestId = id;
                newestMessage = message;
            }
        }
    }

    /** A step rollup key. */
    record StepKey(String granularity, long bucketStart, String step) {}

    /** A sketch register key: sketch code, block span in days, block start (UTC midnight), register. */
    record RegisterKey(String sketch, int spanDays, long dayStart, int register) {}

    static final Comparator<FailureKey> FAILURE_ORDER = Comparator.comparing(FailureKey::granularity)
            .thenComparingLong(FailureKey::bucketStart)
            .thenComparing(FailureKey::code, Comparator.nullsFirst(Comparator.naturalOrder()));
    static final Comparator<StepKey> STEP_ORDER = Comparator.comparing(StepKey::granularity)
            .thenComparingLong(StepKey::bucketStart)
            .thenComparing(StepKey::step);
    static final Comparator<RegisterKey> REGISTER_ORDER = Comparator.comparing(RegisterKey::sketch)
            .thenComparingInt(RegisterKey::spanDays)
            .thenComparingLong(RegisterKey::dayStart)
            .thenComparingInt(RegisterKey::register);

    private final HashMap<FailureKey, FailureChange> failures = new HashMap<>();
    private final HashMap<StepKey, long[]> steps = new HashMap<>();
    private final HashMap<RegisterKey, Integer> registers = new HashMap<>();

    /** The sketch of the customers with a SUCCEEDED or REVERSED transaction, the default paid kinds. */
    static final String PAID = "p";

    /** Spans of the sketch blocks, in UTC days, largest first; a block starts at a multiple of its span. */
    static final List<Integer> SPANS = List.of(64, 16, 4, 1);

    /** The sketch of the customers with a transaction of a status kind. */
    static String kindSketch(String statusKind) {
        return switch (statusKind) {
            case "SUCCEEDED" -> "s";
            case "REVERSED" -> "r";
            case "FAILED" -> "f";
            default -> "n";
        };
    }

    /** The sketch of the customers with a transaction of a status kind. */
    static String kindSketch(TransactionStatus.Kind kind) {
        return kindSketch(kind.name());
    }

    /** Moves a transaction from its old contribution (null if new) to its new one. */
    void move(@Nullable Contribution before, Contribution after) {
        if (before == null || !before.sameFailure(after)) {
            if (before != null && before.failed) {
                failure(before, -1);
            }
            if (after.failed) {
                failure(after, 1);
            }
        }
        if (before == null || before.createdAt != after.createdAt || !before.steps.equals(after.steps)) {
            if (before != null) {
                steps(before, -1);
            }
            steps(after, 1);
        }
        if (after.email != null
                && (before == null
                        || before.createdAt != after.createdAt
                        || !after.email.equals(before.email)
                        || !after.statusKind.equals(before.statusKind))) {
            long day = Math.floorDiv(after.createdAt, Granularity.DAY.nanos);
            long hash = HyperLogLog.hash(after.email);
            int register = HyperLogLog.registerOf(hash, PRECISION);
            int rank = HyperLogLog.rankOf(hash, PRECISION);
            String kind = kindSketch(after.statusKind);
            boolean paid = kind.equals("s") || kind.equals("r");
            for (int span : SPANS) {
                long start = Math.floorDiv(day, span) * span * Granularity.DAY.nanos;
                offer(new RegisterKey(ALL, span, start, register), rank);
                offer(new RegisterKey(kind, span, start, register), rank);
                if (paid) {
                    offer(new RegisterKey(PAID, span, start, register), rank);
                }
            }
        }
    }

    private void offer(RegisterKey key, int rank) {
        registers.merge(key, rank, Math::max);
    }

    private void failure(Contribution c, int sign) {
        for (Granularity g : LEVELS) {
            FailureKey key = new FailureKey(g.code, g.floor(c.createdAt), c.errorCode);
            FailureChange ch = failures.computeIfAbsent(key, k -> new FailureChange());
            ch.count += sign;
            if (c.errorMessage != null) {
                if (sign > 0) {
                    ch.offer(c.createdAt, c.id, c.errorMessage);
                } else {
                    // kept even when the same transaction is offered again (a new message, an earlier
                    // created time): the row's newest is then recomputed from the raw rows
                    ch.removedIds.add(c.id);
                }
            }
        }
    }

    private void steps(Contribution c, int sign) {
        for (String step : c.steps) {
            for (Granularity g : LEVELS) {
                steps.computeIfAbsent(new StepKey(g.code, g.floor(c.createdAt), step), k -> new long[1])[0] += sign;
            }
        }
    }

    /** Failure changes, sorted so that concurrent writers lock rows in the same order. */
    Map<FailureKey, FailureChange> failures() {
        TreeMap<FailureKey, FailureChange> sorted = new TreeMap<>(FAILURE_ORDER);
        sorted.putAll(failures);
        return sorted;
    }

    /** Step changes (net, zero ones left out), sorted. */
    Map<StepKey, Long> steps() {
        TreeMap<StepKey, Long> sorted = new TreeMap<>(STEP_ORDER);
        steps.forEach((k, v) -> {
            if (v[0] != 0) {
                sorted.put(k, v[0]);
            }
        });
        return sorted;
    }

    /** The highest rank offered per register, sorted. */
    Map<RegisterKey, Integer> registers() {
        TreeMap<RegisterKey, Integer> sorted = new TreeMap<>(REGISTER_ORDER);
        sorted.putAll(registers);
        return sorted;
    }

    boolean isEmpty() {
        return failures.isEmpty() && steps.isEmpty() && registers.isEmpty();
    }
}
