/**
 * A spool on disk: an append-only, byte-bounded file of checksummed frames with a durable read
 * mark, used to keep records across store outages and restarts. Nothing here is public API.
 */
@NullMarked
package dev.vedette.internal.spool;

import org.jspecify.annotations.NullMarked;
