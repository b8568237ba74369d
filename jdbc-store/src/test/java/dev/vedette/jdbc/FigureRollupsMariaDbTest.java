package dev.vedette.jdbc;

class FigureRollupsMariaDbTest extends FigureRollupsTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
