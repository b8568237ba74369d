/**
 * Vedette: monitoring for applications that take money. Start at {@link dev.vedette.Monitor}; the
 * values it records and returns are in {@link dev.vedette.model}.
 */
@NullMarked
package dev.vedette;

import org.jspecify.annotations.NullMarked;
