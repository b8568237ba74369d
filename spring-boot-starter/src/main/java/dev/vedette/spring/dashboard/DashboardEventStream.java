package dev.vedette.spring.dashboard;

import dev.vedette.Monitor;
import dev.vedette.model.MonitorEvent;
import dev.vedette.model.StoredTransaction;
import dev.vedette.store.Page;
import dev.vedette.store.TransactionQuery;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live-update stream {@code GET {base-path}/api/events} (Server-Sent Events). One listener on
 * {@code monitor.events()} turns alert, delivery and health changes into events; while at least one
 * client listens, the newest transactions are polled every {@code poll-interval} and changes are sent
 * as a {@code transactions} event. Events are handed to one sender thread through a bounded queue so
 * Vedette's threads never wait for a slow browser; at most {@code max-streams} clients are served at
 * once (503 beyond, and the pages fall back to polling). Streams end after {@value #STREAM_MINUTES}
 * minutes and browsers reconnect by themselves.
 */
@DashboardHandler
@RestController
@Conditional(NotComponentScanned.class)
public class DashboardEventStream implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(DashboardEventStream.class);

    static final long STREAM_MINUTES = 10;
    private static final int POLL_SIZE = 20;
    private static final long HEARTBEAT_SECONDS = 15;

    private final Monitor monitor;
    private final DashboardViews views;
    private final int maxStreams;
    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor sender;
    private final ScheduledExecutorService poller;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong lastHeartbeat = new AtomicLong(System.nanoTime());
    private @Nullable Set<String> lastSeen; // guarded by this

    DashboardEventStream(Monitor monitor, DashboardSettings settings, DashboardViews views) {
        this.monitor = monitor;
        this.views = views;
        this.maxStreams = settings.maxStreams();
        this.sender = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1_000),
                r -> Thread.ofPlatform()
                        .name("vedette-dashboard-sse")
                        .daemon(true)
                        .unstarted(r),
                new ThreadPoolExecutor.DiscardOldestPolicy());
        this.poller = Executors.newSingleThreadScheduledExecutor(r ->
                Thread.ofPlatform().name("vedette-dashboard-poll").daemon(true).unstarted(r));
        Duration interval = settings.pollInterval();
        poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        monitor.events().onAny(this::onEvent);
    }

    /**
     * The first event of a stream.
     *
     * @param at ISO instant
     */
    public record Hello(String at) {}

    /**
     * An alert was raised, updated or resolved.
     *
     * @param kind raised, updated or resolved
     * @param alert the alert
     */
    public record AlertEvent(String kind, AlertView alert) {}

    /**
     * A delivery was sent, failed or is dead.
     *
     * @param kind sent, failed or dead
     * @param delivery the delivery
     */
    public record DeliveryEvent(String kind, AlertView.DeliveryView delivery) {}

    /**
     * A component's health changed.
     *
     * @param component component name
     * @param from status code before
     * @param to status code now
     * @param light green, amber or red for {@code to}
     * @param at ISO instant
     */
    public record HealthEvent(String component, String from, String to, String light, String at) {}

    /** Opens a stream, or answers 503 when {@code max-streams} clients already listen. */
    @GetMapping(value = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public ResponseEntity<SseEmitter> subscribe() {
        if (closed.get() || emitters.size() >= maxStreams) {
            ErrorResponseException busy =
                    DashboardProblems.failure(HttpStatus.SERVICE_UNAVAILABLE, "too many live streams; poll instead");
            busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "30");
            throw busy;
        }
        SseEmitter emitter = new SseEmitter(TimeUnit.MINUTES.toMillis(STREAM_MINUTES));
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> {
            emitters.remove(emitter);
            emitter.complete();
        });
        emitter.onError(e -> emitters.remove(emitter));
        try {
            baseline();
        } catch (RuntimeException e) {
            log.debug("Dashboard transaction baseline failed", e);
        }
        emitters.add(emitter);
        try {
            emitter.send(SseEmitter.event()
                    .name("hello")
                    .reconnectTime(3_000)
                    .data(new Hello(monitor.clock().instant().toString()), MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            emitters.remove(emitter);
        }
        return ResponseEntity.ok().header("X-Accel-Buffering", "no").body(emitter);
    }

    /** Number of open streams. */
    int streams() {
        return emitters.size();
    }

    private void onEvent(MonitorEvent e) {
        if (closed.get() || emitters.isEmpty()) {
            return;
        }
        switch (e) {
            case MonitorEvent.AlertRaised a -> publish("alert", new AlertEvent("raised", AlertView.of(a.alert())));
            case MonitorEvent.AlertUpdated a -> publish("alert", new AlertEvent("updated", AlertView.of(a.alert())));
            case MonitorEvent.AlertResolved a -> publish("alert", new AlertEvent("resolved", AlertView.of(a.alert())));
            case MonitorEvent.DeliverySent d ->
                publish("delivery", new DeliveryEvent("sent", AlertView.DeliveryView.of(d.delivery())));
            case MonitorEvent.DeliveryFailed d ->
                publish("delivery", new DeliveryEvent("failed", AlertView.DeliveryView.of(d.delivery())));
            case MonitorEvent.DeliveryDead d ->
                publish("delivery", new DeliveryEvent("dead", AlertView.DeliveryView.of(d.delivery())));
            case MonitorEvent.HealthChanged h ->
                publish(
                        "health",
                        new HealthEvent(
                                h.component(),
                                h.from().code(),
                                h.to().code(),
                                DashboardViews.light(h.to().code()),
                                h.at().toString()));
        }
    }

    private void poll() {
        try {
            if (emitters.isEmpty()) {
                synchronized (this) {
                    lastSeen = null;
                }
                return;
            }
            List<TransactionView> changed = new ArrayList<>();
            synchronized (this) {
                Set<String> previous = lastSeen;
                List<StoredTransaction> newest = newest();
                Set<String> seen = new HashSet<>();
                for (StoredTransaction t : newest) {
                    String key = key(t);
                    seen.add(key);
                    if (previous != null && !previous.contains(key)) {
                        changed.add(TransactionView.of(t, views));
                    }
                }
                lastSeen = seen;
            }
            if (!changed.isEmpty()) {
                publish("transactions", new ItemsView<>(changed));
            } else if (System.nanoTime() - lastHeartbeat.get() > TimeUnit.SECONDS.toNanos(HEARTBEAT_SECONDS)) {
                lastHeartbeat.set(System.nanoTime());
                Set<ResponseBodyEmitter.DataWithMediaType> ping =
                        SseEmitter.event().comment("ping").build();
                submit(() -> sendAll(ping));
            }
        } catch (RuntimeException e) {
            log.debug("Dashboard transaction poll failed", e);
        }
    }

    /** Takes the newest transactions as the baseline when the first client subscribes. */
    private synchronized void baseline() {
        if (lastSeen == null) {
            Set<String> seen = new HashSet<>();
            newest().forEach(t -> seen.add(key(t)));
            lastSeen = seen;
        }
    }

    private List<StoredTransaction> newest() {
        Page<StoredTransaction> page = monitor.transactions()
                .search(TransactionQuery.builder().limit(POLL_SIZE).build());
        return page.items();
    }

    private static String key(StoredTransaction t) {
        return t.id() + "\u0000" + t.updatedAt();
    }

    private void publish(String name, Record data) {
        SseEmitter.SseEventBuilder event = SseEmitter.event()
                .id(Long.toString(sequence.incrementAndGet()))
                .name(name)
                .data(data, MediaType.APPLICATION_JSON);
        Set<ResponseBodyEmitter.DataWithMediaType> items = event.build();
        submit(() -> sendAll(items));
    }

    private void submit(Runnable task) {
        try {
            sender.execute(task);
        } catch (RejectedExecutionException e) {
            // shut down
        }
    }

    private void sendAll(Set<ResponseBodyEmitter.DataWithMediaType> items) {
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(items);
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
                emitter.completeWithError(e);
            }
        }
    }

    @Override
    public void destroy() {
        closed.set(true);
        poller.shutdownNow();
        sender.shutdownNow();
        for (SseEmitter emitter : emitters) {
            emitter.complete();
        }
        emitters.clear();
    }
}
