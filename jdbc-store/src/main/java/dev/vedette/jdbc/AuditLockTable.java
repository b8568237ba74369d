package dev.vedette.jdbc;

import static dev.vedette.jdbc.Sql.atLeastOne;
import static dev.vedette.jdbc.Sql.beyond;
import static dev.vedette.jdbc.Sql.numericKey;
import static dev.vedette.jdbc.Sql.page;
import static org.jooq.impl.DSL.noCondition;

import dev.vedette.model.AuditEntry;
import dev.vedette.store.Cursor;
import dev.vedette.store.Page;
import dev.vedette.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jooq.Condition;
import org.jspecify.annotations.Nullable;

/** The append-only audit trail and the lease rows of the cluster locks. */
final class AuditLockTable extends SqlTable {

    AuditLockTable(Sql sql) {
        super(sql);
    }

    AuditEntry appendAudit(AuditEntry entry) {
        Schema.Audit a = s.audit;
        Long id = sql.inTransaction(
                "append audit entry",
                ctx -> ctx.insertInto(a.table)
                        .set(a.at, Times.nanos(entry.at()))
                        .set(a.actor, entry.actor())
                        .set(a.action, entry.action())
                        .set(a.target, entry.target())
                        .set(a.details, JsonCodec.writeMap(entry.details()))
                        .returningResult(a.id)
                        .fetchOne(a.id));
        if (id == null) {
            throw new StoreException("append audit entry failed: no id was generated");
        }
        return new AuditEntry(id, entry.at(), entry.actor(), entry.action(), entry.target(), entry.details());
    }

    Page<AuditEntry> audit(int limit, @Nullable String after) {
        atLeastOne("limit", limit);
        Schema.Audit a = s.audit;
        Condition c = noCondition();
        if (after != null) {
            Cursor cur = Cursor.decode(after);
            c = c.and(beyond(cur, a.at, a.id, numericKey(cur, "audit entries")));
        }
        Condition where = c;
        List<AuditEntry> rows = sql.read(
                "read audit",
                ctx -> ctx.select(a.fields())
                        .from(a.table)
                        .where(where)
                        .orderBy(a.at.desc(), a.id.desc())
                        .limit(limit + 1)
                        .fetch(r -> new AuditEntry(
                                r.get(a.id),
                                Times.instant(r.get(a.at)),
                                r.get(a.actor),
                                r.get(a.action),
                                r.get(a.target),
                                JsonCodec.readMap(r.get(a.details)))));
        return page(rows, limit, x -> new Cursor(x.at(), Long.toString(x.id())));
    }

    // ------------------------------------------------------------------------------ locks

    boolean tryLock(String name, String owner, Instant now, Duration lease) {
        Schema.Locks l = s.locks;
        long nowNanos = Times.nanos(now);
        long until = Times.nanos(now.plus(lease));
        return sql.inTransaction("take lock", ctx -> {
            int taken = ctx.update(l.table)
                    .set(l.owner, owner)
                    .set(l.expiresAt, until)
                    .where(l.name.eq(name))
                    .and(l.owner.eq(owner).or(l.expiresAt.le(nowNanos)))
                    .execute();
            if (taken > 0) {
                return true;
            }
            return ctx.insertInto(l.table)
                            .set(l.name, name)
                            .set(l.owner, owner)
                            .set(l.expiresAt, until)
                            .onConflict(l.name)
                            .doNothing()
                            .execute()
                    > 0;
        });
    }

    void unlock(String name, String owner) {
        Schema.Locks l = s.locks;
        sql.inTransaction(
                "release lock",
                ctx -> ctx.deleteFrom(l.table)
                        .where(l.name.eq(name))
                        .and(l.owner.eq(owner))
                        .execute());
    }
}
