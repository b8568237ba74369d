/**
 * The alerting engine: dedup, routing, grouping, throttling, silences, inhibition, reminders and
 * the delivery outbox, plus the {@link dev.vedette.alerting.Notifier} SPI.
 */
@NullMarked
package dev.vedette.alerting;

import org.jspecify.annotations.NullMarked;
