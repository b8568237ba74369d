package dev.vedette.jdbc;

class AnalyticsParityMariaDbTest extends AnalyticsParityTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
