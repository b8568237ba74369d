/**
 * The read model: what Vedette has stored, as a host reads it back. Stored transactions and
 * their timelines, alerts and their deliveries, silences, error groups, log entries, health
 * state and statistics, and audit entries. These are immutable values; the {@code store} SPI
 * returns them and the facades ({@code monitor.transactions()}, {@code monitor.alerts()},
 * {@code monitor.health()}, …) hand them to the host.
 */
@NullMarked
package dev.vedette.model;

import org.jspecify.annotations.NullMarked;
