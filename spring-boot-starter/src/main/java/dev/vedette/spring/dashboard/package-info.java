/**
 * The embedded admin dashboard: static pages served from the jar, a JSON API and a Server-Sent
 * Events stream under {@code vedette.dashboard.base-path} (default {@code /vedette}), closed to
 * anonymous users. See {@code docs/dashboard.md}.
 */
@NullMarked
package dev.vedette.spring.dashboard;

import org.jspecify.annotations.NullMarked;
