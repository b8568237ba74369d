/**
 * Privacy for everything Vedette stores: {@link dev.vedette.errors.Scrubber} masks card numbers,
 * e-mail addresses and secrets in free text before it is stored, logged or sent.
 */
@NullMarked
package dev.vedette.errors;

import org.jspecify.annotations.NullMarked;
