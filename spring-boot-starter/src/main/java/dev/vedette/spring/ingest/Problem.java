package dev.vedette.spring.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem of the ingest API; {@code type} is {@code https://vedette.dev/problems/<slug>}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    static final String TYPE_BASE = "https://vedette.dev/problems/";
}
