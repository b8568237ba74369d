package dev.vedette.notifiers;

import dev.vedette.alerting.Notification;
import dev.vedette.alerting.SendResult;
import org.slf4j.Logger;

/** One log line per send outcome; reasons are already free of secrets. */
final class Outcomes {
    private Outcomes() {}

    static SendResult log(Logger log, String channel, Notification n, SendResult result) {
        switch (result) {
            case SendResult.Sent s -> log.debug("{}: delivery {} ({}) sent", channel, n.deliveryId(), n.kind());
            case SendResult.RetryLater r ->
                log.info(
                        "{}: delivery {} ({}) will be retried{}: {}",
                        channel,
                        n.deliveryId(),
                        n.kind(),
                        r.delay() == null ? "" : " after " + r.delay(),
                        r.reason());
            case SendResult.Failed f ->
                log.warn("{}: delivery {} ({}) failed for good: {}", channel, n.deliveryId(), n.kind(), f.reason());
        }
        return result;
    }
}
