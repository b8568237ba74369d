package dev.vedette.spring.dashboard;

import static dev.vedette.spring.dashboard.DashboardSessionApi.user;

import dev.vedette.ApiKeys;
import dev.vedette.Monitor;
import dev.vedette.model.ApiKey;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * {@code {base}/api/keys}: the API keys of the ingest API, listed, created (the key is shown in the
 * answer once) and revoked. Served only when {@code vedette.ingest.enabled=true}; creating and
 * revoking are audited with the dashboard user's name.
 */
@DashboardApi
public class DashboardKeysApi {
    private final Monitor monitor;

    DashboardKeysApi(Monitor monitor) {
        this.monitor = monitor;
    }

    /**
     * The body of {@code POST /api/keys}.
     *
     * @param name what the key is for, 1 to 128 characters
     * @param scope {@code ingest} (default) or {@code admin}
     */
    public record CreateKey(@Nullable String name, @Nullable String scope) {}

    /**
     * A key as the dashboard shows it: never the key, only its prefix.
     *
     * @param id the 8 characters after {@code vk_}
     * @param prefix {@code vk_<id>}
     * @param name what it is for
     * @param scope {@code ingest} or {@code admin}
     * @param source {@code store} (created here) or {@code properties}
     * @param createdAt ISO instant
     * @param createdBy who created it
     * @param revokedAt ISO instant, or null while valid
     * @param revokedBy who revoked it, or null
     */
    public record KeyView(
            String id,
            String prefix,
            String name,
            String scope,
            String source,
            String createdAt,
            String createdBy,
            @Nullable String revokedAt,
            @Nullable String revokedBy) {}

    /**
     * A key just created: the view, plus the key itself, shown this once.
     *
     * @param key the whole key, {@code vk_<id>_<secret>}
     * @param id see {@link KeyView}
     * @param prefix see {@link KeyView}
     * @param name see {@link KeyView}
     * @param scope see {@link KeyView}
     * @param source see {@link KeyView}
     * @param createdAt see {@link KeyView}
     * @param createdBy see {@link KeyView}
     */
    public record CreatedKeyView(
            String key,
            String id,
            String prefix,
            String name,
            String scope,
            String source,
            String createdAt,
            String createdBy) {
        @Override
        public String toString() {
            return "CreatedKeyView[" + prefix + "]";
        }
    }

    /** Every key, configured ones first, revoked ones included. */
    @GetMapping("/keys")
    public ItemsView<KeyView> keys() {
        ApiKeys keys = monitor.apiKeys();
        return new ItemsView<>(keys.list().stream()
                .map(k -> view(k, keys.isConfigured(k.id())))
                .toList());
    }

    /** Creates a key; 201 with the key, shown this once. */
    @PostMapping("/keys")
    public ResponseEntity<CreatedKeyView> create(
            @RequestBody(required = false) @Nullable CreateKey body, HttpServletRequest request) {
        if (body == null || body.name() == null || body.name().isBlank()) {
            throw new IllegalArgumentException("name must be given, 1 to 128 characters");
        }
        ApiKey.Scope scope = body.scope() == null ? ApiKey.Scope.INGEST : ApiKey.Scope.of(body.scope());
        ApiKeys.Created created = monitor.apiKeys().create(body.name(), scope, user(request));
        ApiKey k = created.apiKey();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new CreatedKeyView(
                        created.key(),
                        k.id(),
                        k.prefix(),
                        k.name(),
                        k.scope().code(),
                        "store",
                        k.createdAt().toString(),
                        k.createdBy()));
    }

    /** Revokes a stored key: 404 unknown, 409 a key from properties. */
    @PostMapping("/keys/{id}/revoke")
    public KeyView revoke(@PathVariable String id, HttpServletRequest request) {
        try {
            return monitor.apiKeys()
                    .revoke(id, user(request))
                    .map(k -> view(k, false))
                    .orElseThrow(() -> DashboardProblems.notFound("API key", id));
        } catch (IllegalStateException e) {
            throw DashboardProblems.failure(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    private static KeyView view(ApiKey k, boolean configured) {
        return new KeyView(
                k.id(),
                k.prefix(),
                k.name(),
                k.scope().code(),
                configured ? "properties" : "store",
                k.createdAt().toString(),
                k.createdBy(),
                k.revokedAt() == null ? null : k.revokedAt().toString(),
                k.revokedBy());
    }
}
