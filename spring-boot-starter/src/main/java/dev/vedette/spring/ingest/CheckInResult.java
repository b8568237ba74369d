package dev.vedette.spring.ingest;

import org.jspecify.annotations.Nullable;

/** The answer of a check-in: the job's status after it. */
record CheckInResult(String name, String status, @Nullable String message) {}
