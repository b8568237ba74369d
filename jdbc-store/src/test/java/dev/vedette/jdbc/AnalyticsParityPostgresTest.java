package dev.vedette.jdbc;

class AnalyticsParityPostgresTest extends AnalyticsParityTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
