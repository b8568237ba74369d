package dev.vedette.spring.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An HTTP client of the ingest API on a real port; every exchange is checked against the OpenAPI
 * document ({@link OpenApiContract}).
 */
final class IngestClient {
    static final String BASE = "/vedette/ingest/v1";

    /** A response: status, headers, the body as text and (when JSON) as a tree. */
    record Reply(int status, HttpResponse<String> raw) {
        String body() {
            return raw.body();
        }

        JsonNode json() {
            return OpenApiContract.JSON.readTree(raw.body());
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    IngestClient(int port) {
        this.port = port;
    }

    Reply post(String rel, @Nullable String key, @Nullable String body) {
        return send("POST", rel, key, "application/json", body);
    }

    Reply send(String method, String rel, @Nullable String key, @Nullable String contentType, @Nullable String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + BASE + rel))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (!rel.equals("/openapi.json")) {
                assertThat(type).as("content type of %s %s", method, rel).isNotEmpty();
                OpenApiContract.check(
                        method,
                        rel,
                        contentType != null && contentType.startsWith("application/json") ? body : null,
                        r.statusCode(),
                        type,
                        r.body());
            }
            return new Reply(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
