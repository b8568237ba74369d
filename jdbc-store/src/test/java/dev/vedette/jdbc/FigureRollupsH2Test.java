package dev.vedette.jdbc;

class FigureRollupsH2Test extends FigureRollupsTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
