package dev.vedette.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.postgresql.PGStatement;

/**
 * Keeps pgjdbc from preparing a statement on the server, so that PostgreSQL plans every execution
 * with its bind values ({@link Sql#readPlannedPerCall}). Loaded only when pgjdbc is on the class
 * path ({@link #available}); a statement that is not pgjdbc's (another driver, a proxy that does not
 * unwrap) is left as it is.
 */
final class PlanPerCall implements ExecuteListener {
    static final ExecuteListener LISTENER = new PlanPerCall();

    /** Whether pgjdbc is on the class path (a host may run PostgreSQL through another driver). */
    static boolean available() {
        try {
            Class.forName("org.postgresql.PGStatement", false, PlanPerCall.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private PlanPerCall() {}

    @Override
    public void prepareEnd(ExecuteContext ctx) {
        PreparedStatement statement = ctx.statement();
        if (statement == null) {
            return;
        }
        try {
            if (statement.isWrapperFor(PGStatement.class)) {
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
        } catch (SQLException e) {
            // not pgjdbc: the statement runs as the driver prepares it
        }
    }
}
