package dev.vedette;

import dev.vedette.internal.Validate;
import dev.vedette.model.MonitorEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriptions to {@link MonitorEvent}s. A listener that throws is logged and skipped; it never
 * breaks the monitor.
 *
 * <pre>{@code
 * monitor.events().on(MonitorEvent.AlertRaised.class, e -> metrics.increment(e.alert().severity()));
 * }</pre>
 */
public final class Events {
    private static final Logger log = LoggerFactory.getLogger(Events.class);

    private record Subscription<T extends MonitorEvent>(Class<T> type, Consumer<? super T> listener) {}

    private final List<Subscription<?>> subscriptions = new CopyOnWriteArrayList<>();

    Events() {}

    /** Calls {@code listener} for every event of this type (and its subtypes). */
    public <T extends MonitorEvent> Events on(Class<T> type, Consumer<? super T> listener) {
        subscriptions.add(new Subscription<>(Validate.notNull("type", type), Validate.notNull("listener", listener)));
        return this;
    }

    /** Calls {@code listener} for every event. */
    public Events onAny(Consumer<? super MonitorEvent> listener) {
        return on(MonitorEvent.class, listener);
    }

    /** Delivers an event to every matching listener. */
    public void publish(MonitorEvent event) {
        for (Subscription<?> s : subscriptions) {
            deliver(s, event);
        }
    }

    private static <T extends MonitorEvent> void deliver(Subscription<T> s, MonitorEvent event) {
        if (s.type().isInstance(event)) {
            try {
                s.listener().accept(s.type().cast(event));
            } catch (RuntimeException e) {
                log.warn(
                        "A Vedette event listener failed on {}",
                        event.getClass().getSimpleName(),
                        e);
            }
        }
    }
}
