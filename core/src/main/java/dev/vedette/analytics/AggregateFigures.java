package dev.vedette.analytics;

import dev.vedette.internal.Validate;
import dev.vedette.store.FiguresQuery;
import dev.vedette.store.TransactionFigures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The figures {@link Analytics} takes from {@link dev.vedette.store.Store#transactionFigures}, the
 * store's figures over every transaction of a range (exact for these two): failure reasons and the funnel. Nothing
 * here reads transaction rows.
 */
final class AggregateFigures {
    private final Analytics analytics;

    AggregateFigures(Analytics analytics) {
        this.analytics = analytics;
    }

    /** See {@link Analytics#funnel}. */
    Funnel funnel(Instant from, Instant to, List<String> steps) {
        Analytics.checkRange(from, to);
        Validate.notNull("steps", steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps must not be empty");
        }
        Set<String> seen = new HashSet<>();
        List<String> recorded = new ArrayList<>();
        for (String s : steps) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("steps must not hold null or blank names, was " + steps);
            }
            if (!seen.add(s)) {
                throw new IllegalArgumentException("steps must not repeat a name, '" + Validate.quote(s) + "' did");
            }
            if (!s.equals(Funnel.CREATED) && !s.equals(Funnel.COMPLETED)) {
                recorded.add(s);
            }
        }
        // created and completed are the figures' transaction and paid counts (rollups in a JdbcStore)
        TransactionFigures figures = analytics
                .store()
                .transactionFigures(new FiguresQuery(from, to, analytics.paidKinds(), recorded, Set.of()));
        long[] counts = new long[steps.size()];
        for (int i = 0; i < counts.length; i++) {
            String n = steps.get(i);
            counts[i] = switch (n) {
                case Funnel.CREATED -> figures.transactions();
                case Funnel.COMPLETED -> figures.paid();
                default -> figures.steps().getOrDefault(n, 0L);
            };
        }
        List<Funnel.Step> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            double dropOff = i == 0 ? 0.0 : Amounts.ratio(counts[i - 1] - counts[i], counts[i - 1]);
            out.add(new Funnel.Step(steps.get(i), counts[i], Amounts.ratio(counts[i], counts[0]), dropOff));
        }
        return new Funnel(from, to, out);
    }

    /** See {@link Analytics#failureReasons}. */
    List<Kpis.FailureReason> failureReasons(Instant from, Instant to) {
        Analytics.checkRange(from, to);
        return failureReasons(analytics
                .store()
                .transactionFigures(new FiguresQuery(
                        from, to, analytics.paidKinds(), List.of(), Set.of(FiguresQuery.Part.FAILURES))));
    }

    /** The top failure reasons of a figures answer: most frequent first, ties by code. */
    List<Kpis.FailureReason> failureReasons(TransactionFigures figures) {
        long failed = figures.failures().stream()
                .mapToLong(TransactionFigures.FailureCount::count)
                .sum();
        return figures.failures().stream()
                .map(f -> new Kpis.FailureReason(
                        f.errorCode() == null ? Analytics.NONE : f.errorCode(),
                        f.count(),
                        Amounts.ratio(f.count(), failed),
                        f.newestMessage()))
                .sorted(Comparator.comparingLong(Kpis.FailureReason::count)
                        .reversed()
                        .thenComparing(Kpis.FailureReason::errorCode))
                .limit(analytics.topFailureReasons())
                .toList();
    }
}
