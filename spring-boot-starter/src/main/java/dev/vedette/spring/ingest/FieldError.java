package dev.vedette.spring.ingest;

/** What is wrong at one place of a request body: an RFC 6901 JSON Pointer and the rule with the bad value. */
record FieldError(String pointer, String detail) {}
