package dev.vedette.alerting;

import dev.vedette.internal.Durations;
import dev.vedette.model.Delivery;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery lane per channel: a FIFO of planned units, at most the channel's concurrency of them
 * sending at once, each send bounded by the channel's deadline. A channel that hangs fills only its
 * own lane; the dispatcher hands units over and goes on.
 *
 * <p>Each unit runs on two virtual threads: a sender that only calls the notifier, and a
 * coordinator that waits for it at most the deadline and does every store write. When the deadline
 * passes, the coordinator records a failed attempt while keeping the claim, interrupts the sender
 * and waits for it to return: a late success is then recorded as sent, anything else releases the
 * claim so the retry can run. So a send whose outcome is known is never repeated, and the lane's
 * bound counts sends still running past their deadline.
 */
final class DeliveryLanes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLanes.class);

    /** What a lane asks of its dispatcher. */
    interface Outbox {
        /** Sends the unit through its notifier; blocks; never throws. */
        SendResult send(Dispatcher.Unit unit);

        /**
         * Records the result of the unit's attempt; with {@code keepClaim} the claims stay held.
         *
         * @return the deliveries as recorded
         */
        List<Delivery> record(Dispatcher.Unit unit, SendResult result, boolean keepClaim);

        /** Records what a send that passed its deadline finally returned. */
        void recordLate(Dispatcher.Unit unit, List<Delivery> recorded, SendResult result, Duration deadline);

        /** True if the unit's claims hold for at least {@code deadline} more. */
        boolean claimCovers(Dispatcher.Unit unit, Duration deadline);

        /** Puts the unit's deliveries back, due now, without an attempt. */
        void release(Dispatcher.Unit unit);
    }

    private final Outbox outbox;
    private final boolean ordered;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final ExecutorService coordinators = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("vedette-lane-", 0).factory());

    /**
     * @param ordered one send at a time per channel, in the order units are submitted (the
     *     deterministic mode of a dispatcher without a background thread)
     */
    DeliveryLanes(Outbox outbox, boolean ordered) {
        this.outbox = outbox;
        this.ordered = ordered;
    }

    /** True while a lane holds the delivery (queued, sending, or past its deadline and not yet returned). */
    boolean holds(String deliveryId) {
        return held.contains(deliveryId);
    }

    /**
     * Queues a unit on its channel's lane.
     *
     * @return completes once the unit's outcome is recorded (or its deadline passed, or it was put
     *     back); never completes exceptionally
     */
    CompletableFuture<Void> submit(Dispatcher.Unit unit, int concurrency, Duration deadline) {
        Lane lane = lanes.computeIfAbsent(unit.channel(), c -> new Lane(c, ordered ? 1 : concurrency, deadline));
        Job job = new Job(unit, lane);
        unit.deliveries().forEach(d -> held.add(d.id()));
        lane.offer(job);
        return job.settled;
    }

    /** Stops taking units; sends in flight finish on their own or their claims expire. */
    @Override
    public void close() {
        closed = true;
        coordinators.shutdown();
    }

    private final class Lane {
        private final String channel;
        private final int concurrency;
        private final Duration deadline;
        private final ArrayDeque<Job> waiting = new ArrayDeque<>();
        private int running;

        Lane(String channel, int concurrency, Duration deadline) {
            this.channel = channel;
            this.concurrency = concurrency;
            this.deadline = deadline;
        }

        synchronized void offer(Job job) {
            waiting.add(job);
            pump();
        }

        synchronized void done() {
            running--;
            pump();
        }

        private void pump() {
            while (running < concurrency && !waiting.isEmpty()) {
                Job job = waiting.poll();
                try {
                    coordinators.execute(job::run);
                    running++;
                } catch (RejectedExecutionException closed) {
                    job.end();
                }
            }
        }
    }

    private final class Job {
        final Dispatcher.Unit unit;
        final Lane lane;
        final CompletableFuture<Void> settled = new CompletableFuture<>();

        Job(Dispatcher.Unit unit, Lane lane) {
            this.unit = unit;
            this.lane = lane;
        }

        void run() {
            try {
                if (!outbox.claimCovers(unit, lane.deadline)) {
                    // waited in the lane so long that the claim would lapse mid-send: hand it back
                    outbox.release(unit);
                    return;
                }
                CompletableFuture<SendResult> result = new CompletableFuture<>();
                Thread sender = Thread.ofVirtual()
                        .name("vedette-send-" + lane.channel)
                        .start(() -> {
                            try {
                                result.complete(outbox.send(unit));
                            } catch (Throwable t) {
                                result.completeExceptionally(t);
                                throw t;
                            }
                        });
                try {
                    outbox.record(unit, result.get(lane.deadline.toNanos(), TimeUnit.NANOSECONDS), false);
                } catch (TimeoutException overdue) {
                    List<Delivery> recorded = outbox.record(
                            unit,
                            SendResult.retryLater("send deadline of " + Durations.human(lane.deadline) + " passed"),
                            true);
                    settled.complete(null);
                    sender.interrupt();
                    outbox.recordLate(unit, recorded, result.join(), lane.deadline);
                }
            } catch (InterruptedException e) {
                // closing: the claims expire and another dispatcher retries
                Thread.currentThread().interrupt();
            } catch (ExecutionException | RuntimeException e) {
                // the claims expire and the deliveries are retried
                if (closed) {
                    log.warn(
                            "Vedette delivery lane '{}' could not record a send after close: {}",
                            lane.channel,
                            e.toString());
                } else {
                    log.error("Vedette delivery lane '{}' failed", lane.channel, e);
                }
            } finally {
                lane.done();
                end();
            }
        }

        void end() {
            unit.deliveries().forEach(d -> held.remove(d.id()));
            settled.complete(null);
        }
    }
}
