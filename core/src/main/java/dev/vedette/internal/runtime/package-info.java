/**
 * What runs behind the {@code Monitor} facade: the listeners the pipeline calls after each write
 * (health transitions, rule fan-out) and the scheduled background jobs (checks, rules over the
 * store, alert reminders and digest, reports, retention). Nothing here is public API.
 */
@NullMarked
package dev.vedette.internal.runtime;

import org.jspecify.annotations.NullMarked;
