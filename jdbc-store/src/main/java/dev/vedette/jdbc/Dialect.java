package dev.vedette.jdbc;

import java.util.Locale;
import java.util.Map;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The small seam where the supported databases differ: jOOQ dialect, migration folder, DDL placeholders. */
enum Dialect {
    H2(SQLDialect.H2, "h2", "CHARACTER VARYING", "", ""),
    POSTGRES(SQLDialect.POSTGRES, "postgresql", "TEXT", " COLLATE \"C\"", ""),
    MARIADB(SQLDialect.MARIADB, "mysql", "MEDIUMTEXT", "", " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"),
    MYSQL(SQLDialect.MYSQL, "mysql", "MEDIUMTEXT", "", " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");

    final SQLDialect sql;
    final String folder;
    private final String textType;
    private final String keyCollate;
    private final String tableOptions;

    Dialect(SQLDialect sql, String folder, String textType, String keyCollate, String tableOptions) {
        this.sql = sql;
        this.folder = folder;
        this.textType = textType;
        this.keyCollate = keyCollate;
        this.tableOptions = tableOptions;
    }

    /** The dialect for a JDBC {@code DatabaseMetaData.getDatabaseProductName()}. */
    static Dialect fromProductName(String product) {
        String p = product.toLowerCase(Locale.ROOT);
        if (p.contains("h2")) {
            return H2;
        }
        if (p.contains("postgres")) {
            return POSTGRES;
        }
        if (p.contains("mariadb")) {
            return MARIADB;
        }
        if (p.contains("mysql")) {
            return MYSQL;
        }
        throw new IllegalArgumentException("database must be H2, PostgreSQL, MySQL or MariaDB, was '" + product + "'");
    }

    /** Flyway placeholders for the migrations. */
    Map<String, String> placeholders(String prefix) {
        return Map.of("prefix", prefix, "text", textType, "keycollate", keyCollate, "tableopts", tableOptions);
    }

    /**
     * True if the database compares keys in code-point order, as {@link dev.vedette.store.Cursor#KEY_ORDER}
     * does: PostgreSQL ({@code COLLATE "C"}) and MySQL/MariaDB ({@code utf8mb4_bin}) do; H2 compares
     * UTF-16 units like {@code String.compareTo}.
     */
    boolean keysInCodePointOrder() {
        return this != H2;
    }

    /**
     * A key as the database should compare it for keyset paging: the key itself where {@link
     * #keysInCodePointOrder()}, else its UTF-8 bytes (unsigned byte order is code-point order).
     */
    @SuppressWarnings("unchecked")
    Field<Object> codePointKey(Field<String> key) {
        Field<?> f = keysInCodePointOrder() ? key : DSL.cast(key, SQLDataType.VARBINARY);
        return (Field<Object>) f;
    }

    /**
     * True if claiming may select candidates with {@code FOR UPDATE SKIP LOCKED}. PostgreSQL locks only
     * the rows a {@code LIMIT} returns; InnoDB and H2 may lock every row they scan to sort, which would
     * make other claimers skip rows nobody claims, so there a plain read plus conditional updates is used.
     */
    boolean skipLocked() {
        return this == POSTGRES;
    }

    /**
     * True if the database refused the data of a statement, so that repeating it fails again: SQLState
     * classes 22 (data exception) and 23 (integrity constraint violation) on every database, plus what
     * each database reports outside them. PostgreSQL: 54000 (a program limit, e.g. an index row too
     * large). MySQL and MariaDB: 1366 (incorrect string value) and 1292 (incorrect date or number),
     * which MySQL reports as HY000, and 3819/4025 (check constraint violated).
     */
    boolean permanent(java.sql.SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("22") || state.startsWith("23")) {
            return true;
        }
        return switch (this) {
            case POSTGRES -> state.equals("54000");
            case MARIADB, MYSQL -> {
                int code = e.getErrorCode();
                yield code == 1366 || code == 1292 || code == 3819 || code == 4025;
            }
            case H2 -> false;
        };
    }
}
