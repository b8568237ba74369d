/** Detection rules: the {@link dev.vedette.rules.Rule} SPI and the built-in rules. */
@NullMarked
package dev.vedette.rules;

import org.jspecify.annotations.NullMarked;
