/**
 * Logback integration: {@link dev.vedette.logback.VedetteAppender} feeds Logback's ERROR (and
 * optionally WARN) events into a {@link dev.vedette.Monitor} as log entries and errors. Needs
 * {@code logback-classic} on the class path (an optional dependency of vedette-core).
 */
@NullMarked
package dev.vedette.logback;

import org.jspecify.annotations.NullMarked;
