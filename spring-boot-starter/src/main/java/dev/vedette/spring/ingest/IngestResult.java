package dev.vedette.spring.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The 202 answer of a record endpoint: one result per item, in order. */
record IngestResult(int accepted, int rejected, List<ItemResult> results) {

    /** One item's fate. {@code status} is {@code accepted} or {@code rejected}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ItemResult(int index, String status, @Nullable String id, List<FieldError> errors) {}
}
