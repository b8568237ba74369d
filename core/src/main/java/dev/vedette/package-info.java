/**
 * Vedette: monitoring for applications that take money. Start at {@link dev.vedette.Monitor}.
 */
@NullMarked
package dev.vedette;

import org.jspecify.annotations.NullMarked;
