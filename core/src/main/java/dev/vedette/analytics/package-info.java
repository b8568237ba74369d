/**
 * Business and operational analytics over the {@link dev.vedette.store.Store} SPI: KPIs, time
 * series and period comparisons, funnels, cohorts and MRR, active users, operational figures, CSV
 * export and daily/weekly reports. Start at {@link dev.vedette.analytics.Analytics}; the
 * definitions of every figure are in {@code docs/analytics.md}.
 */
@NullMarked
package dev.vedette.analytics;

import org.jspecify.annotations.NullMarked;
