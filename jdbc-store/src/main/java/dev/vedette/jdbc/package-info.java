/**
 * {@link dev.vedette.jdbc.JdbcStore}: the {@link dev.vedette.store.Store} on a relational database
 * (H2, PostgreSQL, MySQL/MariaDB), with jOOQ-rendered SQL, Flyway migrations and optional HikariCP
 * pooling. See {@code docs/storage.md}.
 */
@org.jspecify.annotations.NullMarked
package dev.vedette.jdbc;
