package dev.vedette.jdbc;

import static dev.vedette.jdbc.Sql.atLeastOne;
import static dev.vedette.jdbc.Sql.beyond;
import static dev.vedette.jdbc.Sql.page;
import static org.jooq.impl.DSL.noCondition;

import dev.vedette.model.ErrorEvent;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.ErrorGroupChange;
import dev.vedette.model.ErrorGroupStatus;
import dev.vedette.store.Cursor;
import dev.vedette.store.ErrorOccurrence;
import dev.vedette.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

/** Error groups: merges a batch's occurrences into their groups by fingerprint, and reads them. */
final class ErrorTable extends SqlTable {

    ErrorTable(Sql sql) {
        super(sql);
    }

    /** Counts the occurrences into their groups; returns the groups created or re-opened. */
    List<ErrorGroupChange> write(DSLContext ctx, List<ErrorOccurrence> occurrences) {
        if (occurrences.isEmpty()) {
            return List.of();
        }
        Schema.ErrorGroups g = s.errorGroups;
        TreeMap<String, List<ErrorOccurrence>> byFingerprint = new TreeMap<>();
        for (ErrorOccurrence o : occurrences) {
            if (o.event().occurredAt() == null) {
                throw new IllegalArgumentException("error event must be stamped with occurredAt: " + o.event());
            }
            byFingerprint
                    .computeIfAbsent(o.fingerprint(), k -> new ArrayList<>())
                    .add(o);
        }
        List<ErrorGroupChange> changes = new ArrayList<>();
        for (Map.Entry<String, List<ErrorOccurrence>> e : byFingerprint.entrySet()) {
            String fp = e.getKey();
            ErrorGroup group = lockErrorGroup(ctx, fp);
            ErrorGroupChange.Kind kind = null;
            boolean inserted = false;
            for (ErrorOccurrence o : e.getValue()) {
                ErrorEvent ev = o.event();
                Instant at = Objects.requireNonNull(ev.occurredAt());
                if (group == null) {
                    group = new ErrorGroup(
                            fp,
                            ev.type(),
                            o.messageTemplate(),
                            ev.component(),
                            1,
                            at,
                            at,
                            ev.message(),
                            ev.stackTrace(),
                            ev.transactionId(),
                            ErrorGroupStatus.NEW);
                    kind = ErrorGroupChange.Kind.NEW;
                    inserted = true;
                    continue;
                }
                ErrorGroupStatus status = group.status();
                if (status == ErrorGroupStatus.RESOLVED) {
                    status = ErrorGroupStatus.REGRESSED;
                    if (kind == null) {
                        kind = ErrorGroupChange.Kind.REGRESSED;
                    }
                }
                boolean newest = !at.isBefore(group.lastSeen());
                group = new ErrorGroup(
                        fp,
                        group.type(),
                        group.messageTemplate(),
                        newest ? ev.component() : group.component(),
                        group.count() + 1,
                        at.isBefore(group.firstSeen()) ? at : group.firstSeen(),
                        newest ? at : group.lastSeen(),
                        newest ? ev.message() : group.lastMessage(),
                        newest ? ev.stackTrace() : group.lastStackTrace(),
                        newest ? ev.transactionId() : group.lastTransactionId(),
                        status);
            }
            if (group == null) {
                continue;
            }
            Map<Field<?>, Object> values = new LinkedHashMap<>();
            values.put(g.type, group.type());
            values.put(g.messageTemplate, group.messageTemplate());
            values.put(g.component, group.component());
            values.put(g.cnt, group.count());
            values.put(g.firstSeen, Times.nanos(group.firstSeen()));
            values.put(g.lastSeen, Times.nanos(group.lastSeen()));
            values.put(g.lastMessage, group.lastMessage());
            values.put(g.lastStackTrace, group.lastStackTrace());
            values.put(g.lastTransactionId, group.lastTransactionId());
            values.put(g.status, group.status().name());
            if (inserted) {
                Map<Field<?>, Object> row = new LinkedHashMap<>();
                row.put(g.fingerprint, fp);
                row.putAll(values);
                // A concurrent writer inserting the same new fingerprint makes this fail with a unique
                // violation; the whole write is then retried and sees that group.
                ctx.insertInto(g.table).set(row).execute();
            } else {
                ctx.update(g.table).set(values).where(g.fingerprint.eq(fp)).execute();
            }
            if (kind != null) {
                changes.add(new ErrorGroupChange(group, kind));
            }
        }
        return changes;
    }

    private @Nullable ErrorGroup lockErrorGroup(DSLContext ctx, String fingerprint) {
        Record r = ctx.select(s.errorGroups.fields())
                .from(s.errorGroups.table)
                .where(s.errorGroups.fingerprint.eq(fingerprint))
                .forUpdate()
                .fetchOne();
        return r == null ? null : toErrorGroup(r);
    }

    private ErrorGroup toErrorGroup(Record r) {
        Schema.ErrorGroups g = s.errorGroups;
        return new ErrorGroup(
                r.get(g.fingerprint),
                r.get(g.type),
                r.get(g.messageTemplate),
                r.get(g.component),
                r.get(g.cnt),
                Times.instant(r.get(g.firstSeen)),
                Times.instant(r.get(g.lastSeen)),
                r.get(g.lastMessage),
                r.get(g.lastStackTrace),
                r.get(g.lastTransactionId),
                ErrorGroupStatus.valueOf(r.get(g.status)));
    }

    Page<ErrorGroup> errorGroups(Set<ErrorGroupStatus> statuses, int limit, @Nullable String after) {
        atLeastOne("limit", limit);
        Schema.ErrorGroups g = s.errorGroups;
        Condition c = noCondition();
        if (!statuses.isEmpty()) {
            c = c.and(g.status.in(statuses.stream().map(Enum::name).toList()));
        }
        if (after != null) {
            Cursor cur = Cursor.decode(after);
            c = c.and(beyond(cur, g.lastSeen, g.fingerprint, cur.key()));
        }
        Condition where = c;
        List<ErrorGroup> rows = sql.read(
                "read error groups",
                ctx -> ctx.select(g.fields())
                        .from(g.table)
                        .where(where)
                        .orderBy(g.lastSeen.desc(), g.fingerprint.desc())
                        .limit(limit + 1)
                        .fetch(this::toErrorGroup));
        return page(rows, limit, x -> new Cursor(x.lastSeen(), x.fingerprint()));
    }

    Optional<ErrorGroup> errorGroup(String fingerprint) {
        return sql.read(
                "read error group",
                ctx -> ctx.select(s.errorGroups.fields())
                        .from(s.errorGroups.table)
                        .where(s.errorGroups.fingerprint.eq(fingerprint))
                        .fetchOptional(this::toErrorGroup));
    }

    boolean setErrorGroupStatus(String fingerprint, ErrorGroupStatus status) {
        return sql.inTransaction(
                        "set error group status",
                        ctx -> ctx.update(s.errorGroups.table)
                                .set(s.errorGroups.status, status.name())
                                .where(s.errorGroups.fingerprint.eq(fingerprint))
                                .execute())
                > 0;
    }
}
