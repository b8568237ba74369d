/**
 * Micrometer meters for a {@link dev.vedette.Monitor}: {@link dev.vedette.micrometer.VedetteMetrics}.
 * Needs {@code micrometer-core} on the class path (an optional dependency of {@code vedette-core}).
 */
@NullMarked
package dev.vedette.micrometer;

import org.jspecify.annotations.NullMarked;
