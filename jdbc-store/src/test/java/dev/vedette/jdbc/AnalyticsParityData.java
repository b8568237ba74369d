package dev.vedette.jdbc;

import dev.vedette.model.Alert;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.LatencyHistogram;
import dev.vedette.model.Money;
import dev.vedette.model.Severity;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The seeded stream {@link AnalyticsParityTest} records into both stores: about 600 payments over
 * 40 days (several observations each, statuses changing PENDING → COMPLETED → REFUNDED, failures
 * with reasons, late and stale observations, amounts in USD, EUR, JPY and KWD, some without amount,
 * provider or method, latencies on and around the histogram bounds), a burst of payments sharing
 * instants, five months of subscription payments, a month of health samples, and alerts raised,
 * acknowledged and resolved over the 40 days. Times are ragged to the nanosecond except for
 * deliberate hits on minute, hour, Berlin midnight and DST boundaries.
 */
final class AnalyticsParityData {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** First day of the dense stream: Thursday 2026-03-05, 00:00 UTC. */
    static final Instant START = Instant.parse("2026-03-05T00:00:00Z");
    /** Length of the dense stream. */
    static final Duration SPAN = Duration.ofDays(40);
    /** Berlin's spring-forward instant: 02:00 CET becomes 03:00 CEST. */
    static final Instant DST = Instant.parse("2026-03-29T01:00:00Z");
    /** The minute of the burst, in which many payments share instants. */
    static final Instant BURST = Instant.parse("2026-03-18T12:34:00Z");
    /** The instant several burst payments are created at. */
    static final Instant BURST_TIE = BURST.plusSeconds(17);
    /** "Now" for both monitors, after every record. */
    static final Instant NOW = Instant.parse("2026-04-15T09:30:00.000000001Z");

    static final TransactionStatus CHARGEBACK = TransactionStatus.of("CHARGEBACK", TransactionStatus.Kind.REVERSED);
    static final TransactionStatus AUTHORIZED = TransactionStatus.of("AUTHORIZED", TransactionStatus.Kind.PENDING);
    /** Customers who ask to be erased after everything is recorded, each as the host spells the address. */
    static final List<String> ERASED =
            List.of("customer7@shop.example", "CUSTOMER11@SHOP.EXAMPLE", "customer205@shop.example");

    private static final int[] ERASED_CUSTOMERS = {7, 11, 205};

    private static final String[] ERROR_CODES = {
        "card_declined",
        "card_declined",
        "card_declined",
        "insufficient_funds",
        "insufficient_funds",
        "expired_card",
        "do_not_honor",
        "INSTRUMENT_DECLINED",
        "processing_error"
    };
    private static final String[] NAMES = {"Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Edsger"};

    /** A raise, acknowledge or resolve of the alert numbered {@code key}, at a time. */
    record AlertAction(
            Instant at, Kind kind, int key, @Nullable Alert alert) {
        enum Kind {
            RAISE,
            ACKNOWLEDGE,
            RESOLVE
        }
    }

    /** What to record, in arrival order, and the alert actions, in time order. */
    record Stream(List<Object> records, List<AlertAction> alerts) {}

    private record Arrival(Instant at, int seq, Object item) {}

    private final Random random;
    private final List<Arrival> arrivals = new ArrayList<>();

    private AnalyticsParityData(long seed) {
        this.random = new Random(seed);
    }

    static Stream generate(long seed) {
        AnalyticsParityData d = new AnalyticsParityData(seed);
        for (int i = 0; i < 560; i++) {
            d.payment(i, d.createdAt());
        }
        Instant[] burst = {
            BURST,
            BURST_TIE,
            BURST_TIE,
            BURST_TIE,
            BURST.plusMillis(29_500),
            BURST.plusSeconds(59).plusNanos(999_999_999),
            BURST.plusSeconds(60),
            BURST.plusMillis(83_250),
            BURST.plusNanos(1)
        };
        for (int i = 0; i < 48; i++) {
            d.payment(1_000 + i, burst[d.random.nextInt(burst.length)]);
        }
        for (int s = 0; s < 40; s++) {
            d.subscriber(s);
        }
        for (String component : List.of("database", "paypal-api", "smtp")) {
            d.health(component);
        }
        d.arrivals.sort(Comparator.comparing(Arrival::at).thenComparingInt(Arrival::seq));
        return new Stream(d.arrivals.stream().map(Arrival::item).toList(), d.alerts());
    }

    // ------------------------------------------------------------------ payments

    private Instant createdAt() {
        int p = random.nextInt(100);
        long spanNanos = SPAN.toNanos();
        if (p < 6) {
            return START.plus(Duration.ofHours(random.nextInt((int) SPAN.toHours())));
        } else if (p < 10) {
            return LocalDate.of(2026, 3, 5)
                    .plusDays(random.nextInt((int) SPAN.toDays()))
                    .atStartOfDay(BERLIN)
                    .toInstant();
        } else if (p < 14) {
            return START.plusSeconds(60L * random.nextInt((int) SPAN.toMinutes()));
        } else if (p < 18) {
            return DST.plusNanos(random.nextLong(-7_200_000_000_000L, 7_200_000_000_000L));
        }
        return START.plusNanos(random.nextLong(spanNanos));
    }

    private void payment(int i, Instant created) {
        String id = switch (i % 4) {
            case 0 -> String.format(Locale.ROOT, "ord-%04d", i);
            case 1 -> "ORD_" + i;
            case 2 -> "tx." + i;
            default -> "Pay-" + i;
        };
        String currency = pick("USD", "USD", "USD", "EUR", "EUR", "EUR", "JPY", "JPY", "KWD");
        Money money = random.nextInt(10) == 0 ? null : amount(currency);
        String email =
                i < 6 ? email(ERASED_CUSTOMERS[i % 3]) : random.nextInt(10) == 0 ? null : email(random.nextInt(140));
        String provider = pick("stripe", "stripe", "paypal", "adyen", null);
        String method = pick("card", "card", "ideal", "sepa_debit", null);

        Transaction.Builder first = Transaction.builder(id).occurredAt(created);
        boolean directOutcome = random.nextInt(4) == 0;
        first.status(random.nextInt(8) == 0 ? AUTHORIZED : TransactionStatus.PENDING);
        if (email != null && random.nextInt(5) == 0) {
            first.metadata("contact", email.toLowerCase(Locale.ROOT));
        }
        if (money != null) {
            first.amount(money);
        }
        if (email != null) {
            first.customer(email, pick(NAMES));
        }
        if (provider != null) {
            first.provider(provider, "po-" + i, null);
        }
        if (method != null) {
            first.paymentMethod(method);
        }
        if (!directOutcome) {
            arrive(created, first.build());
        }

        if (random.nextBoolean()) {
            Instant at = created.plusMillis(1 + random.nextInt(300_000));
            arrive(at, Transaction.builder(id).occurredAt(at).step("checkout").build());
        }
        if (!directOutcome && random.nextInt(100) < 15) {
            return; // stays PENDING
        }
        Instant outcomeAt = directOutcome ? created : created.plusMillis(2_000 + random.nextInt(7_200_000));
        Transaction.Builder outcome = directOutcome ? first : Transaction.builder(id);
        outcome.occurredAt(outcomeAt);
        if (random.nextInt(3) > 0) {
            outcome.latency(latency());
        }
        if (provider == null && random.nextInt(4) == 0) {
            outcome.provider("stripe", null, "pi_" + i);
        }
        int o = random.nextInt(100);
        TransactionStatus status;
        if (o < 65) {
            status = TransactionStatus.COMPLETED;
        } else if (o < 90) {
            status = TransactionStatus.FAILED;
            String code = random.nextInt(12) == 0 ? null : pick(ERROR_CODES);
            String message = switch (random.nextInt(6)) {
                case 0 -> null;
                case 1 -> email == null ? "Declined" : "Declined for " + email.toLowerCase(Locale.ROOT);
                default -> "Declined by the issuer (ref " + i + ")";
            };
            outcome.error(code, message);
        } else {
            status = TransactionStatus.ERROR;
            outcome.error("PROVIDER_TIMEOUT", "The provider did not answer within 30 s (" + i + ")");
        }
        outcome.status(status);
        arrive(outcomeAt.plusMillis(random.nextInt(5_000)), outcome.build());

        if (random.nextInt(100) < 5) {
            // a stale PENDING that arrives after the outcome must not move it back
            arrive(
                    outcomeAt.plusSeconds(60),
                    Transaction.builder(id)
                            .occurredAt(outcomeAt.minusMillis(1))
                            .status(TransactionStatus.PENDING)
                            .build());
        }
        if (random.nextInt(100) < 7) {
            // an older step arrives a day late: createdAt moves earlier, maybe into another bucket
            arrive(
                    created.plus(Duration.ofDays(1)),
                    Transaction.builder(id)
                            .occurredAt(created.minusMillis(1 + random.nextInt(10_800_000)))
                            .step("cart")
                            .build());
        }
        if (random.nextInt(100) < 4) {
            // the amount is corrected later, sometimes into another currency
            arrive(
                    outcomeAt.plusSeconds(120),
                    Transaction.builder(id)
                            .occurredAt(outcomeAt.plusSeconds(90))
                            .amount(amount(pick("USD", "EUR", "JPY", "KWD")))
                            .build());
        }
        if (status == TransactionStatus.FAILED && random.nextInt(100) < 20) {
            Instant retryAt = outcomeAt.plusSeconds(30 + random.nextInt(3_600));
            arrive(
                    retryAt,
                    Transaction.builder(id)
                            .occurredAt(retryAt)
                            .status(TransactionStatus.COMPLETED)
                            .attempt(2)
                            .latency(latency())
                            .build());
            status = TransactionStatus.COMPLETED;
        }
        if (status == TransactionStatus.COMPLETED) {
            if (random.nextInt(100) < 45) {
                Instant at = outcomeAt.plusMillis(100 + random.nextInt(60_000));
                arrive(
                        at,
                        Transaction.builder(id)
                                .occurredAt(at)
                                .step("email_sent")
                                .build());
            }
            int r = random.nextInt(100);
            if (r < 14) {
                Instant at = outcomeAt.plus(Duration.ofMinutes(5 + random.nextInt(14_400)));
                arrive(
                        at,
                        Transaction.builder(id)
                                .occurredAt(at)
                                .status(TransactionStatus.REFUNDED)
                                .build());
            } else if (r < 18) {
                Instant at = outcomeAt.plus(Duration.ofMinutes(60 + random.nextInt(28_800)));
                arrive(
                        at,
                        Transaction.builder(id)
                                .occurredAt(at)
                                .status(CHARGEBACK)
                                .build());
            }
        }
    }

    private Money amount(String currency) {
        if (random.nextInt(150) == 0) {
            // far beyond a double's exact range, still below the 10^18 limit
            return Money.ofMinor(random.nextLong(100_000_000_000_000_000L), currency);
        }
        return switch (currency) {
            case "JPY" -> Money.ofMinor(50 + random.nextInt(60_000), currency);
            case "KWD" -> Money.ofMinor(1 + random.nextInt(90_000), currency);
            default -> Money.ofMinor(50 + random.nextInt(500_000), currency);
        };
    }

    /** Log-uniform from 0.2 ms to 2 min, with a share exactly on or just past a histogram bound. */
    private Duration latency() {
        int p = random.nextInt(10);
        if (p == 0) {
            return Duration.ofMillis(
                    LatencyHistogram.BOUNDS_MILLIS[random.nextInt(LatencyHistogram.BOUNDS_MILLIS.length)]);
        } else if (p == 1) {
            return Duration.ofMillis(
                            LatencyHistogram.BOUNDS_MILLIS[random.nextInt(LatencyHistogram.BOUNDS_MILLIS.length)])
                    .plusNanos(1 + random.nextInt(1_999_999));
        }
        double min = Math.log(200_000);
        double max = Math.log(120_000_000_000.0);
        return Duration.ofNanos((long) Math.exp(min + random.nextDouble() * (max - min)));
    }

    /** One customer, in a random spelling of the address's case. */
    private String email(int customer) {
        String email = "customer" + customer + "@shop.example";
        return switch (random.nextInt(3)) {
            case 0 -> email;
            case 1 -> email.toUpperCase(Locale.ROOT);
            default -> "Customer" + customer + "@Shop.Example";
        };
    }

    // ------------------------------------------------------------------ subscriptions

    private void subscriber(int s) {
        String currency = pick("EUR", "EUR", "USD", "JPY");
        String[] plans = {"basic", "pro", "team"};
        BigDecimal[] prices = switch (currency) {
            case "EUR" -> new BigDecimal[] {new BigDecimal("9.99"), new BigDecimal("29.00"), new BigDecimal("99.50")};
            case "USD" -> new BigDecimal[] {new BigDecimal("12"), new BigDecimal("35.00"), new BigDecimal("120.00")};
            default -> new BigDecimal[] {new BigDecimal("1200"), new BigDecimal("3500"), new BigDecimal("12000")};
        };
        int plan = random.nextInt(plans.length);
        YearMonth first = YearMonth.of(2025, 12).plusMonths(random.nextInt(4));
        int day = 1 + random.nextInt(28);
        String email = email(200 + s);
        for (YearMonth m = first; !m.isAfter(YearMonth.of(2026, 4)); m = m.plusMonths(1)) {
            if (random.nextInt(100) < 14) {
                continue; // missed a month: churn, later maybe reactivation
            }
            if (random.nextInt(100) < 15) {
                plan = random.nextInt(plans.length);
            }
            Instant at = switch (random.nextInt(12)) {
                case 0 -> m.atDay(1).atStartOfDay(BERLIN).toInstant(); // first instant of the month
                case 1 ->
                    m.plusMonths(1).atDay(1).atStartOfDay(BERLIN).toInstant().minusNanos(1); // last one
                default ->
                    m.atDay(Math.min(day, 28))
                            .atStartOfDay(BERLIN)
                            .toInstant()
                            .plusNanos(random.nextLong(86_400_000_000_000L));
            };
            if (!at.isBefore(START.plus(SPAN))) {
                continue;
            }
            String id = "sub-" + s + "-" + m;
            Transaction.Builder b = Transaction.builder(id)
                    .occurredAt(at)
                    .customer(email, null)
                    .provider("stripe", null, "in_" + s + "_" + m)
                    .paymentMethod("card")
                    .latency(latency())
                    .metadata("subscription", s % 3 == 0 ? "true" : (Object) Boolean.TRUE)
                    .metadata("plan", plans[plan]);
            if (s % 2 == 0) {
                b.metadata("subscription_id", s % 4 == 0 ? (Object) ("sub_" + s) : (Object) (10_000L + s));
            }
            BigDecimal price = prices[plan];
            if (random.nextInt(10) == 0) {
                // paid for a year at once: the monthly amount is in the metadata
                b.amount(price.multiply(BigDecimal.valueOf(12)), currency);
                b.metadata("plan_amount", s % 2 == 0 ? price : (Object) price.toPlainString());
            } else {
                b.amount(price, currency);
            }
            b.status(random.nextInt(20) == 0 ? TransactionStatus.FAILED : TransactionStatus.COMPLETED);
            arrive(at.plusMillis(random.nextInt(2_000)), b.build());
        }
    }

    // ------------------------------------------------------------------ health and alerts

    private void health(String component) {
        Instant t = NOW.minus(Duration.ofDays(31));
        while (t.isBefore(NOW)) {
            int p = random.nextInt(100);
            HealthStatus status = p < 88
                    ? HealthStatus.UP
                    : p < 94 ? HealthStatus.DEGRADED : p < 99 ? HealthStatus.DOWN : HealthStatus.UNKNOWN;
            arrive(
                    t,
                    HealthReport.builder(component, status)
                            .responseTime(latency())
                            .message(status == HealthStatus.UP ? null : component + " is " + status)
                            .checkedAt(t)
                            .build());
            t = t.plus(Duration.ofMinutes(37)).plusNanos(random.nextInt(1_000_000_000));
        }
    }

    private List<AlertAction> alerts() {
        List<AlertAction> out = new ArrayList<>();
        Severity[] severities = Severity.values();
        for (int k = 0; k < 36; k++) {
            Instant at = START.plusNanos(random.nextLong(SPAN.toNanos()));
            String dedupKey = "parity-" + (k % 27); // some raises are absorbed by an open alert
            Alert alert = Alert.builder(severities[random.nextInt(severities.length)], "Parity alert " + (k % 27))
                    .component(pick("database", "paypal-api", "checkout"))
                    .dedupKey(dedupKey)
                    .build();
            out.add(new AlertAction(at, AlertAction.Kind.RAISE, k, alert));
            int fate = random.nextInt(10);
            if (fate < 6) {
                out.add(new AlertAction(
                        at.plusNanos(random.nextLong(30_000_000_000L, 10_800_000_000_000L)),
                        AlertAction.Kind.ACKNOWLEDGE,
                        k,
                        null));
            }
            if (fate >= 3 && fate < 9) {
                out.add(new AlertAction(
                        at.plus(Duration.ofHours(3)).plusNanos(random.nextLong(86_400_000_000_000L)),
                        AlertAction.Kind.RESOLVE,
                        k,
                        null));
            }
        }
        out.sort(Comparator.comparing(AlertAction::at));
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private void arrive(Instant at, Object item) {
        arrivals.add(new Arrival(at, arrivals.size(), item));
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }
}
