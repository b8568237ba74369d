/**
 * The storage SPI ({@link dev.vedette.store.Store}), the query and batch types it takes, and
 * the bounded {@link dev.vedette.store.InMemoryStore}. The values a store returns live in
 * {@link dev.vedette.model}.
 */
@NullMarked
package dev.vedette.store;

import org.jspecify.annotations.NullMarked;
