package dev.vedette.jdbc;

class AnalyticsParityH2Test extends AnalyticsParityTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
