/**
 * The storage SPI ({@link dev.vedette.store.Store}), the values it reads and writes, and the
 * bounded {@link dev.vedette.store.InMemoryStore}.
 */
@NullMarked
package dev.vedette.store;

import org.jspecify.annotations.NullMarked;
