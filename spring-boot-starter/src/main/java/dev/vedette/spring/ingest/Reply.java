package dev.vedette.spring.ingest;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the ingest API answers: a {@code body} with the status, or a problem ({@code slug}, {@code
 * detail}, {@code errors}) when the body is null; {@code retryAfter} seconds when positive.
 */
record Reply(
        int status,
        String slug,
        String detail,
        List<FieldError> errors,
        @Nullable Object body,
        long retryAfter) {
    Reply(int status, String slug, String detail) {
        this(status, slug, detail, List.of(), null, 0);
    }

    Reply(int status, String slug, String detail, List<FieldError> errors) {
        this(status, slug, detail, errors, null, 0);
    }

    static Reply ok(int status, Object body) {
        return new Reply(status, "", "", List.of(), body, 0);
    }
}
