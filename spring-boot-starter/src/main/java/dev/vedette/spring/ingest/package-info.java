/**
 * The HTTP ingest API ({@code vedette.ingest.enabled}): records, alerts and check-ins from
 * applications that are not on the JVM, authenticated by hashed API keys. See {@code docs/ingest.md}.
 */
@NullMarked
package dev.vedette.spring.ingest;

import org.jspecify.annotations.NullMarked;
