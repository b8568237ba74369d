package dev.vedette.spring.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The served OpenAPI document as a test oracle: checks a request body against the operation's
 * request schema and a response against the schema documented for its status, with a JSON Schema
 * 2020-12 validator (networknt). Every exchange of {@link IngestClient} goes through it.
 */
final class OpenApiContract {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final JsonNode DOCUMENT = load();
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    /** Every (operation, status) pair seen, for the coverage check. */
    static final Map<String, Integer> SEEN = new ConcurrentHashMap<>();

    private OpenApiContract() {}

    private static JsonNode load() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/vedette-ingest/openapi.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The validator of {@code #/components/schemas/<name>} (or any other pointer into the document). */
    static Schema schema(String ref) {
        return SCHEMAS.computeIfAbsent(ref, r -> {
            ObjectNode wrapper = JSON.createObjectNode();
            wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            wrapper.put("$ref", r);
            wrapper.set("components", DOCUMENT.get("components"));
            return REGISTRY.getSchema(wrapper);
        });
    }

    static List<String> errors(String ref, JsonNode value) {
        return schema(ref).validate(value).stream().map(Error::toString).toList();
    }

    /** The operation of {@code POST|GET <rel>} below the base path, or null. */
    static @Nullable JsonNode operation(String method, String rel) {
        String path = rel.startsWith("/checkins/") ? "/checkins/{name}" : rel;
        JsonNode item = DOCUMENT.get("paths").get(path);
        return item == null ? null : item.get(method.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Checks one exchange: the response (status, content type, body) must be what the operation
     * documents (a problem for requests that match no operation), and a request answered 2xx with
     * nothing rejected must match the operation's request schema.
     */
    static void check(
            String method, String rel, @Nullable String requestBody, int status, String contentType, String body) {
        JsonNode op = operation(method, rel);
        String type = contentType.split(";")[0].strip();
        JsonNode response = body.isEmpty() ? null : JSON.readTree(body);
        if (op == null) {
            assertThat(status).as("%s %s matches no operation", method, rel).isGreaterThanOrEqualTo(400);
            assertThat(type).isEqualTo("application/problem+json");
            assertThat(errors("#/components/schemas/Problem", response))
                    .as("problem of %s %s", method, rel)
                    .isEmpty();
            return;
        }
        SEEN.merge(op.get("operationId").stringValue() + " " + status, 1, Integer::sum);
        JsonNode documented = op.get("responses").get(Integer.toString(status));
        if (status == 405) {
            assertThat(type).isEqualTo("application/problem+json");
            assertThat(errors("#/components/schemas/Problem", response)).isEmpty();
            return;
        }
        assertThat(documented)
                .as("%s %s answered %d, which the OpenAPI document does not list", method, rel, status)
                .isNotNull();
        if (documented.has("$ref")) {
            documented = at(documented.get("$ref").stringValue());
        }
        JsonNode content = documented.get("content");
        if (op.get("operationId").stringValue().equals("openapi")) {
            return;
        }
        assertThat(content.has(type))
                .as("%s %s %d answered %s; documented %s", method, rel, status, type, content.propertyNames())
                .isTrue();
        JsonNode schema = content.get(type).get("schema");
        String ref = schema.has("$ref") ? schema.get("$ref").stringValue() : null;
        assertThat(ref).isNotNull();
        assertThat(errors(ref, response))
                .as("response %d of %s %s: %s", status, method, rel, body)
                .isEmpty();
        if (documented.has("headers")) {
            documented.get("headers").propertyNames().forEach(h -> {});
        }
        boolean allAccepted = status < 300
                && (response == null
                        || !response.has("rejected")
                        || response.get("rejected").intValue() == 0);
        JsonNode requestSchema =
                op.path("requestBody").path("content").path("application/json").path("schema");
        if (allAccepted && requestBody != null && !requestBody.isEmpty() && !requestSchema.isMissingNode()) {
            assertThat(errors(requestSchema.get("$ref").stringValue(), JSON.readTree(requestBody)))
                    .as(
                            "request of %s %s was answered %d but does not match the document: %s",
                            method, rel, status, requestBody)
                    .isEmpty();
        }
    }

    static JsonNode at(String ref) {
        return DOCUMENT.at(ref.substring(1));
    }
}
