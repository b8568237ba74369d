package dev.vedette.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of a real database server that a test can cut, stall or slow down: the
 * faults a database connection really has, without mocking the driver or the store.
 *
 * <ul>
 *   <li>{@link #cut()}: every open connection is closed at once and new ones are closed as soon as
 *       they are accepted, like a server that went away.
 *   <li>{@link #stall()}: connections stay open but no byte moves in either direction, and new
 *       connections are accepted but never reach the server, like a hung server or a black-holed
 *       route. Only the client's own timeouts end a call.
 *   <li>{@link #slow(Duration)}: every chunk of bytes is held back this long before it is passed on.
 *   <li>{@link #restore()}: traffic flows again; stalled bytes are passed on, nothing is lost.
 * </ul>
 *
 * <p>Each connection is pumped by two virtual threads. The proxy listens on 127.0.0.1 on a free port;
 * {@link #rewrite(String)} points a JDBC URL at it. Use it to see what your application, and its
 * monitoring, do when the database goes away: give the pool through the proxy short driver and
 * pool timeouts (a stalled server is only noticed by them), then {@code cut()} and {@code
 * restore()} while traffic runs.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.in("jdbc:postgresql://127.0.0.1:5432/app")) {
 *     pool.setJdbcUrl(proxy.rewrite("jdbc:postgresql://127.0.0.1:5432/app?socketTimeout=2"));
 *     ...
 *     proxy.cut();      // every connection dropped, new ones refused
 *     proxy.restore();  // the database is back
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {
    private static final Pattern HOST_PORT = Pattern.compile("^(jdbc:[a-z]+://)([^/?:]+)(?::(\\d+))?");

    private enum Mode {
        OPEN,
        CUT,
        STALL
    }

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition flowing = lock.newCondition();
    private final AtomicLong accepted = new AtomicLong();
    private volatile Mode mode = Mode.OPEN;
    private volatile long delayNanos;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fault-proxy-accept").start(this::acceptLoop);
    }

    /**
     * A proxy in front of the server that {@code jdbcUrl} names (default ports 5432 and 3306).
     *
     * @param jdbcUrl a PostgreSQL or MariaDB JDBC URL
     * @return the running proxy; close it when done
     * @throws IOException if no local port can be opened
     */
    public static FaultProxy in(String jdbcUrl) throws IOException {
        Matcher m = HOST_PORT.matcher(jdbcUrl);
        if (!m.find()) {
            throw new IllegalArgumentException("jdbcUrl must name a host, was " + jdbcUrl);
        }
        int port = m.group(3) != null
                ? Integer.parseInt(m.group(3))
                : jdbcUrl.startsWith("jdbc:postgresql:") ? 5432 : 3306;
        return new FaultProxy(new InetSocketAddress(m.group(2), port));
    }

    /** The same URL, pointing at this proxy instead of the server. */
    public String rewrite(String jdbcUrl) {
        return HOST_PORT.matcher(jdbcUrl).replaceFirst("$1127.0.0.1:" + server.getLocalPort());
    }

    /** Connections accepted so far, whatever happened to them. */
    public long accepted() {
        return accepted.get();
    }

    /** Drops every connection now and refuses the next ones until {@link #restore()}. */
    public void cut() {
        mode = Mode.CUT;
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    /** Stops all traffic without closing anything, until {@link #restore()}. */
    public void stall() {
        mode = Mode.STALL;
    }

    /** Holds back every chunk this long; {@link Duration#ZERO} passes bytes on at once again. */
    public void slow(Duration perChunk) {
        delayNanos = perChunk.toNanos();
    }

    /** Lets traffic flow again; connections opened from now on reach the server. */
    public void restore() {
        lock.lock();
        try {
            mode = Mode.OPEN;
            flowing.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        restore();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (mode == Mode.CUT) {
                closeQuietly(client);
                continue;
            }
            sockets.add(client);
            Thread.ofVirtual().name("fault-proxy-connect").start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        try {
            awaitFlowing();
            if (mode == Mode.CUT || closed) {
                closeQuietly(client);
                return;
            }
            Socket upstream = new Socket();
            upstream.connect(target, 5_000);
            sockets.add(upstream);
            Thread.ofVirtual().name("fault-proxy-up").start(() -> pump(client, upstream));
            Thread.ofVirtual().name("fault-proxy-down").start(() -> pump(upstream, client));
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitFlowing();
                if (mode == Mode.CUT) {
                    break;
                }
                long delay = delayNanos;
                if (delay > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(delay);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the other side or a cut closed the connection
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void awaitFlowing() throws InterruptedException {
        lock.lock();
        try {
            while (mode == Mode.STALL && !closed) {
                flowing.await();
            }
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
