package dev.vedette.jdbc;

/** What every table class shares: the {@link Sql} plumbing and the table and column names. */
abstract class SqlTable {
    /** The connection, transaction and retry plumbing. */
    final Sql sql;
    /** The table and column names, with the store's prefix. */
    final Schema s;

    SqlTable(Sql sql) {
        this.sql = sql;
        this.s = sql.schema();
    }
}
