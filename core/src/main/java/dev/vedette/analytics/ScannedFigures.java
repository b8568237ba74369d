package dev.vedette.analytics;

import dev.vedette.model.Money;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The figures {@link Analytics} computes from a bounded scan of stored transactions rather than
 * from rollups or store aggregates: payer cohorts and monthly recurring revenue, which follow each
 * customer from month to month.
 */
final class ScannedFigures {
    private final Analytics analytics;

    ScannedFigures(Analytics analytics) {
        this.analytics = analytics;
    }

    /** See {@link Analytics#cohorts}. */
    Cohorts cohorts(YearMonth from, YearMonth to) {
        int months = Analytics.checkMonths(from, to);
        Map<String, java.util.BitSet> activity = new HashMap<>();
        ScanInfo scan = analytics.scan(analytics.start(from), analytics.start(to.plusMonths(1)), t -> {
            String email = t.customerEmail();
            if (email == null || !analytics.isPaid(t.status())) {
                return;
            }
            int offset = analytics.monthOffset(from, t.createdAt());
            if (offset >= 0 && offset < months) {
                activity.computeIfAbsent(email.toLowerCase(Locale.ROOT), k -> new java.util.BitSet(months))
                        .set(offset);
            }
        });
        long[][] active = new long[months][];
        for (int c = 0; c < months; c++) {
            active[c] = new long[months - c];
        }
        for (java.util.BitSet bits : activity.values()) {
            int cohort = bits.nextSetBit(0);
            for (int m = cohort; m >= 0; m = bits.nextSetBit(m + 1)) {
                active[cohort][m - cohort]++;
            }
        }
        List<Cohorts.Cohort> out = new ArrayList<>();
        for (int c = 0; c < months; c++) {
            List<Long> counts = new ArrayList<>();
            List<Double> retention = new ArrayList<>();
            for (long n : active[c]) {
                counts.add(n);
                retention.add(Amounts.ratio(n, active[c][0]));
            }
            out.add(new Cohorts.Cohort(from.plusMonths(c), active[c][0], counts, retention));
        }
        return new Cohorts(from, to, out, scan);
    }

    /** See {@link Analytics#mrr}. */
    Mrr mrr(YearMonth from, YearMonth to) {
        Analytics.checkMonths(from, to);
        YearMonth base = from.minusMonths(1);
        int months = Analytics.checkMonths(base, to);
        // per month offset: subscriber -> newest payment of that month
        List<Map<SubscriberKey, SubscriptionPayment>> byMonth = new ArrayList<>();
        for (int i = 0; i < months; i++) {
            byMonth.add(new HashMap<>());
        }
        ScanInfo scan = analytics.scan(analytics.start(base), analytics.start(to.plusMonths(1)), t -> {
            if (t.status().kind() != TransactionStatus.Kind.SUCCEEDED || t.money() == null || !isSubscription(t)) {
                return;
            }
            String subscriber = subscriber(t);
            if (subscriber == null) {
                return;
            }
            int offset = analytics.monthOffset(base, t.createdAt());
            if (offset < 0 || offset >= months) {
                return;
            }
            Currency currency = t.money().currency();
            SubscriptionPayment p = new SubscriptionPayment(t.createdAt(), t.id(), monthlyAmount(t), plan(t));
            byMonth.get(offset).merge(new SubscriberKey(subscriber, currency), p, SubscriptionPayment::newer);
        });
        Map<Currency, Set<String>> seenBefore = new HashMap<>();
        byMonth.get(0)
                .keySet()
                .forEach(k -> seenBefore
                        .computeIfAbsent(k.currency(), c -> new HashSet<>())
                        .add(k.subscriber()));
        List<Mrr.Month> out = new ArrayList<>();
        for (int m = 1; m < months; m++) {
            Map<SubscriberKey, SubscriptionPayment> prev = byMonth.get(m - 1);
            Map<SubscriberKey, SubscriptionPayment> cur = byMonth.get(m);
            Map<Currency, MrrAccumulator> acc = new TreeMap<>(Amounts.BY_CODE);
            for (Map.Entry<SubscriberKey, SubscriptionPayment> e : cur.entrySet()) {
                SubscriberKey k = e.getKey();
                MrrAccumulator a = acc.computeIfAbsent(k.currency(), MrrAccumulator::new);
                BigDecimal amount = e.getValue().amount();
                a.mrr = a.mrr.add(amount);
                a.subscribers++;
                SubscriptionPayment before = prev.get(k);
                if (before == null) {
                    if (seenBefore.getOrDefault(k.currency(), Set.of()).contains(k.subscriber())) {
                        a.reactivation = a.reactivation.add(amount);
                    } else {
                        a.newMrr = a.newMrr.add(amount);
                        a.newSubscribers++;
                    }
                } else {
                    int cmp = amount.compareTo(before.amount());
                    if (cmp > 0) {
                        a.expansion = a.expansion.add(amount.subtract(before.amount()));
                    } else if (cmp < 0) {
                        a.contraction = a.contraction.add(before.amount().subtract(amount));
                    }
                    if (!java.util.Objects.equals(before.plan(), e.getValue().plan())) {
                        a.planChanges++;
                    }
                }
            }
            for (Map.Entry<SubscriberKey, SubscriptionPayment> e : prev.entrySet()) {
                if (!cur.containsKey(e.getKey())) {
                    MrrAccumulator a = acc.computeIfAbsent(e.getKey().currency(), MrrAccumulator::new);
                    a.churned = a.churned.add(e.getValue().amount());
                    a.churnedSubscribers++;
                }
            }
            YearMonth month = base.plusMonths(m);
            acc.values().forEach(a -> out.add(a.toMonth(month)));
            cur.keySet()
                    .forEach(k -> seenBefore
                            .computeIfAbsent(k.currency(), c -> new HashSet<>())
                            .add(k.subscriber()));
        }
        return new Mrr(from, to, out, scan);
    }

    private record SubscriberKey(String subscriber, Currency currency) {}

    private record SubscriptionPayment(
            Instant at,
            String id,
            BigDecimal amount,
            @Nullable String plan) {
        SubscriptionPayment newer(SubscriptionPayment other) {
            int c = at.compareTo(other.at);
            return c > 0 || (c == 0 && id.compareTo(other.id) > 0) ? this : other;
        }
    }

    private static final class MrrAccumulator {
        final Currency currency;
        BigDecimal mrr;
        BigDecimal newMrr;
        BigDecimal reactivation;
        BigDecimal expansion;
        BigDecimal contraction;
        BigDecimal churned;
        long subscribers;
        long newSubscribers;
        long churnedSubscribers;
        long planChanges;

        MrrAccumulator(Currency currency) {
            this.currency = currency;
            BigDecimal zero = Amounts.zero(currency);
            mrr = zero;
            newMrr = zero;
            reactivation = zero;
            expansion = zero;
            contraction = zero;
            churned = zero;
        }

        Mrr.Month toMonth(YearMonth month) {
            return new Mrr.Month(
                    month,
                    currency,
                    mrr,
                    newMrr,
                    reactivation,
                    expansion,
                    contraction,
                    churned,
                    subscribers,
                    newSubscribers,
                    churnedSubscribers,
                    planChanges);
        }
    }

    static boolean isSubscription(StoredTransaction t) {
        Object v = t.metadata().get("subscription");
        return Boolean.TRUE.equals(v) || (v instanceof String s && s.equalsIgnoreCase("true"));
    }

    private static @Nullable String subscriber(StoredTransaction t) {
        Object id = t.metadata().get("subscription_id");
        if (id != null && !id.toString().isBlank()) {
            return "id:" + id;
        }
        String email = t.customerEmail();
        return email == null ? null : "email:" + email.toLowerCase(Locale.ROOT);
    }

    private static BigDecimal monthlyAmount(StoredTransaction t) {
        Money money = java.util.Objects.requireNonNull(t.money());
        Object plan = t.metadata().get("plan_amount");
        if (plan instanceof Number || plan instanceof String) {
            try {
                BigDecimal amount = new BigDecimal(plan.toString().trim());
                if (amount.signum() >= 0) {
                    return Amounts.scale(money.currency(), amount);
                }
            } catch (NumberFormatException ignored) {
                // not a decimal: fall back to the amount paid, as documented
            }
        }
        return money.amount();
    }

    private static @Nullable String plan(StoredTransaction t) {
        Object plan = t.metadata().get("plan");
        return plan == null ? null : plan.toString();
    }
}
