/**
 * Settings of the opt-in disk spool that keeps records through store outages and restarts; see
 * {@link dev.vedette.spool.SpoolSettings}.
 */
@NullMarked
package dev.vedette.spool;

import org.jspecify.annotations.NullMarked;
