package dev.vedette.jdbc;

class FigureRollupsPostgresTest extends FigureRollupsTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
