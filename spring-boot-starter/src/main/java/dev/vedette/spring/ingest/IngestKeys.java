package dev.vedette.spring.ingest;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** Reads the bearer key of a request, without ever logging it. */
final class IngestKeys {
    private IngestKeys() {}

    static Optional<String> bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String key = header.substring(7).strip();
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }
}
