package dev.vedette;

/** Gives tests in other packages an {@link Events} instance. */
public final class MonitorEventsForTests {
    public Events events() {
        return new Events();
    }
}
