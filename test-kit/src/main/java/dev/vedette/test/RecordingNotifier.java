package dev.vedette.test;

import dev.vedette.alerting.Notification;
import dev.vedette.alerting.Notifier;
import dev.vedette.alerting.SendResult;
import dev.vedette.internal.Validate;
import dev.vedette.model.DeliveryKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A notifier for host tests: it records every notification it is asked to send and can be told to
 * fail. By default it supports every {@link DeliveryKind}, {@link DeliveryKind#ACKNOWLEDGE}
 * included, so a test sees everything the engine would send; pass the kinds to {@link
 * #RecordingNotifier(String, Set)} to behave like a channel that supports fewer. Thread-safe.
 *
 * <pre>{@code
 * RecordingNotifier slack = new RecordingNotifier("slack");
 * slack.failNext(3);               // three retry-later results, then success
 * slack.failPermanently("no_service");
 * assertThat(slack.sent()).hasSize(1);
 * }</pre>
 */
public final class RecordingNotifier implements Notifier {
    private final String name;
    private final Set<DeliveryKind> kinds;
    private final List<Notification> attempts = new ArrayList<>();
    private final List<Notification> sent = new ArrayList<>();
    private int transientFailures;
    private @Nullable Duration retryAfter;
    private @Nullable String permanentFailure;

    /** Records under this channel name and supports every kind, {@link DeliveryKind#ACKNOWLEDGE} included. */
    public RecordingNotifier(String name) {
        this(name, EnumSet.allOf(DeliveryKind.class));
    }

    /**
     * Records under this channel name and supports only the given kinds; the engine plans no
     * delivery of any other kind to it.
     */
    public RecordingNotifier(String name, Set<DeliveryKind> kinds) {
        this.name = Validate.identifier("name", name, 64);
        this.kinds = Set.copyOf(kinds);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<DeliveryKind> supportedKinds() {
        return kinds;
    }

    @Override
    public synchronized SendResult send(Notification notification) {
        attempts.add(notification);
        if (permanentFailure != null) {
            return SendResult.failed(permanentFailure);
        }
        if (transientFailures > 0) {
            transientFailures--;
            return retryAfter == null
                    ? SendResult.retryLater("simulated failure")
                    : SendResult.retryAfter(retryAfter, "simulated rate limit");
        }
        sent.add(notification);
        return SendResult.sent();
    }

    /** The next {@code n} sends return retry-later. */
    public synchronized RecordingNotifier failNext(int n) {
        this.transientFailures = Validate.atLeast("n", n, 0);
        this.retryAfter = null;
        return this;
    }

    /** The next {@code n} sends return retry-later with this delay, as a 429 with Retry-After would. */
    public synchronized RecordingNotifier rateLimitNext(int n, Duration retryAfter) {
        this.transientFailures = Validate.atLeast("n", n, 0);
        this.retryAfter = Validate.positive("retryAfter", retryAfter);
        return this;
    }

    /** Every send fails for good with this reason (null: succeed again). */
    public synchronized RecordingNotifier failPermanently(@Nullable String reason) {
        this.permanentFailure = reason;
        return this;
    }

    /** Notifications delivered successfully, in order. */
    public synchronized List<Notification> sent() {
        return List.copyOf(sent);
    }

    /** Every call to {@link #send}, failed ones included, in order. */
    public synchronized List<Notification> attempts() {
        return List.copyOf(attempts);
    }

    /** Forgets everything recorded and every failure instruction. */
    public synchronized void reset() {
        attempts.clear();
        sent.clear();
        transientFailures = 0;
        retryAfter = null;
        permanentFailure = null;
    }
}
