/**
 * Error tracking helpers: {@link dev.vedette.errors.Scrubber} masks card numbers and secrets before
 * they are stored, and {@link dev.vedette.errors.VedetteAppender} feeds Logback's ERROR (and
 * optionally WARN) events into a {@link dev.vedette.Monitor} as log entries and errors.
 */
@NullMarked
package dev.vedette.errors;

import org.jspecify.annotations.NullMarked;
