/**
 * The record path: the bounded queue that host threads hand records to, and the single writer
 * that drains it to the store in batches. Nothing here is public API.
 */
@NullMarked
package dev.vedette.internal.pipeline;

import org.jspecify.annotations.NullMarked;
