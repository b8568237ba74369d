package dev.vedette.jdbc.reliability;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A DataSource around a real one whose {@code getConnection} can be switched to fail, as in an outage. */
final class SwitchableDataSource implements DataSource {
    private final DataSource real;
    private volatile boolean down;
    private final AtomicLong refused = new AtomicLong();

    SwitchableDataSource(DataSource real) {
        this.real = real;
    }

    void outage(boolean on) {
        this.down = on;
    }

    boolean isDown() {
        return down;
    }

    /** Connection requests refused during outages. */
    long refused() {
        return refused.get();
    }

    private void check() throws SQLException {
        if (down) {
            refused.incrementAndGet();
            throw new SQLException("Connection refused (simulated database outage)", "08001");
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        check();
        return real.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        check();
        return real.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return real.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        real.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        real.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return real.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return real.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return real.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || real.isWrapperFor(iface);
    }
}
