package dev.vedette.benchmarks;

import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/** Shared fixtures: test stores, a realistic transaction, heap snapshots, percentiles. */
final class BenchSupport {
    private BenchSupport() {}

    /**
     * A store that delegates everything to {@code delegate} except {@link Store#write}, which {@code
     * write} handles. A dynamic proxy, so it keeps compiling when methods are added to the SPI.
     */
    static Store withWrite(Store delegate, Function<WriteBatch, WriteResult> write) {
        return (Store) Proxy.newProxyInstance(
                Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
                    if (method.getName().equals("write") && args != null && args.length == 1) {
                        return write.apply((WriteBatch) args[0]);
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "BenchStore[" + delegate + "]";
                        };
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A store whose write() drops the batch at once: the record path without storage cost. */
    static Store discardingStore() {
        return withWrite(InMemoryStore.builder().maxTransactions(16).build(), b -> WriteResult.EMPTY);
    }

    /**
     * A store whose write() signals {@code entered} and then waits for {@code gate} before writing to
     * {@code delegate}: it parks the pipeline's writer so the queue fills.
     */
    static Store gatedStore(Store delegate, CountDownLatch entered, CountDownLatch gate) {
        return withWrite(delegate, b -> {
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while gated", e);
            }
            return delegate.write(b);
        });
    }

    /** A realistic card payment observation with its time already set. */
    static Transaction transaction(String id, TransactionStatus status, Instant at) {
        Transaction.Builder b = Transaction.builder(id)
                .status(status)
                .amount("49.90", "EUR")
                .customer("jane.doe@example.com", "Jane Doe")
                .provider("stripe", "ord_" + id, "pi_" + id)
                .paymentMethod("card")
                .occurredAt(at);
        if (status.kind() == TransactionStatus.Kind.FAILED) {
            b.error("card_declined", "Your card was declined.");
        }
        return b.build();
    }

    /** Heap in use after full collections (run with -XX:+UseSerialGC for stable numbers). */
    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Nearest-rank percentile of nanosecond samples, in milliseconds. */
    static double percentileMillis(long[] sortedNanos, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    static String latencyRow(String name, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(
                "%-52s n=%5d  p50=%8.3f ms  p99=%8.3f ms  max=%8.3f ms  mean=%8.3f ms",
                name,
                s.length,
                percentileMillis(s, 50),
                percentileMillis(s, 99),
                s[s.length - 1] / 1e6,
                Arrays.stream(s).average().orElse(0) / 1e6);
    }

    static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
