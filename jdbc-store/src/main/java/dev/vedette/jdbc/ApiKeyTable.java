package dev.vedette.jdbc;

import dev.vedette.model.ApiKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Field;

/** The hashed API keys of the HTTP ingest API. */
final class ApiKeyTable extends SqlTable {

    ApiKeyTable(Sql sql) {
        super(sql);
    }

    void save(ApiKey key) {
        Schema.ApiKeys t = s.apiKeys;
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(t.name, key.name());
        values.put(t.scope, key.scope().name());
        values.put(t.sha256, key.sha256());
        values.put(t.createdAt, Times.nanos(key.createdAt()));
        values.put(t.createdBy, key.createdBy());
        values.put(t.revokedAt, Times.nanosOrNull(key.revokedAt()));
        values.put(t.revokedBy, key.revokedBy());
        Map<Field<?>, Object> insert = new LinkedHashMap<>();
        insert.put(t.id, key.id());
        insert.putAll(values);
        sql.inTransaction(
                "save API key",
                ctx -> ctx.insertInto(t.table)
                        .set(insert)
                        .onConflict(t.id)
                        .doUpdate()
                        .set(values)
                        .execute());
    }

    List<ApiKey> all() {
        Schema.ApiKeys t = s.apiKeys;
        return sql.read(
                "read API keys",
                ctx -> ctx.select(t.fields())
                        .from(t.table)
                        .orderBy(t.createdAt, t.id)
                        .fetch(r -> new ApiKey(
                                r.get(t.id),
                                r.get(t.name),
                                ApiKey.Scope.valueOf(r.get(t.scope)),
                                r.get(t.sha256),
                                Times.instant(r.get(t.createdAt)),
                                r.get(t.createdBy),
                                Times.instantOrNull(r.get(t.revokedAt)),
                                r.get(t.revokedBy))));
    }
}
