/** Health checks: the {@link dev.vedette.health.HealthCheck} SPI and the built-in checks. */
@NullMarked
package dev.vedette.health;

import org.jspecify.annotations.NullMarked;
