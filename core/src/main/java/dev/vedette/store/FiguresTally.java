package dev.vedette.store;

import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Computes {@link TransactionFigures} from transactions handed to it one by one, in any order: the
 * in-memory store's answer and the default one of {@link Store#transactionFigures}.
 */
final class FiguresTally {
    private final FiguresQuery q;
    private final Set<String> customers = new HashSet<>();
    private final Set<String> paying = new HashSet<>();
    private final long[] steps;
    private final Map<@Nullable String, Failure> failures = new HashMap<>();
    private long transactions;
    private long paid;

    private static final class Failure {
        long count;

        @Nullable
        Instant newestAt;

        @Nullable
        String newestId;

        @Nullable
        String message;
    }

    FiguresTally(FiguresQuery q) {
        this.q = q;
        this.steps = new long[q.steps().size()];
    }

    /** Counts {@code t} if it was created in the query's range. */
    void add(StoredTransaction t) {
        if (t.createdAt().isBefore(q.from()) || !t.createdAt().isBefore(q.to())) {
            return;
        }
        transactions++;
        boolean isPaid = q.paidKinds().contains(t.status().kind());
        if (isPaid) {
            paid++;
        }
        String email = t.customerEmail();
        if (email != null && q.includes(FiguresQuery.Part.CUSTOMERS)) {
            String key = email.toLowerCase(Locale.ROOT);
            customers.add(key);
            if (isPaid) {
                paying.add(key);
            }
        }
        for (int i = 0; i < steps.length; i++) {
            if (t.steps().contains(q.steps().get(i))) {
                steps[i]++;
            }
        }
        if (t.status().kind() == TransactionStatus.Kind.FAILED && q.includes(FiguresQuery.Part.FAILURES)) {
            Failure f = failures.computeIfAbsent(t.errorCode(), k -> new Failure());
            f.count++;
            if (t.errorMessage() != null && newer(t, f)) {
                f.newestAt = t.createdAt();
                f.newestId = t.id();
                f.message = t.errorMessage();
            }
        }
    }

    private static boolean newer(StoredTransaction t, Failure f) {
        if (f.newestAt == null || f.newestId == null) {
            return true;
        }
        int c = t.createdAt().compareTo(f.newestAt);
        return c > 0 || (c == 0 && Cursor.KEY_ORDER.compare(t.id(), f.newestId) > 0);
    }

    TransactionFigures figures() {
        Map<String, Long> stepCounts = new LinkedHashMap<>();
        for (int i = 0; i < steps.length; i++) {
            stepCounts.put(q.steps().get(i), steps[i]);
        }
        List<TransactionFigures.FailureCount> out = new ArrayList<>();
        failures.forEach((code, f) -> out.add(new TransactionFigures.FailureCount(code, f.count, f.message)));
        return new TransactionFigures(transactions, paid, customers.size(), paying.size(), stepCounts, out);
    }
}
