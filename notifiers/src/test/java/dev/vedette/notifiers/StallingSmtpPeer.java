package dev.vedette.notifiers;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An SMTP server that hangs: it accepts connections and sends the first line of a greeting, then
 * either says nothing more, or (trickling) sends one more continuation line every {@code trickle},
 * so that no read ever times out and the conversation never ends. Real sockets; each accepted
 * connection is reported on {@link #connections()}.
 */
public final class StallingSmtpPeer implements AutoCloseable {
    private final ServerSocket server;
    private final @Nullable Duration trickle;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    private StallingSmtpPeer(@Nullable Duration trickle) throws IOException {
        this.server = new ServerSocket(0);
        this.trickle = trickle;
        Thread.ofVirtual().name("stalling-smtp").start(this::acceptLoop);
    }

    /** Greets with {@code 220-} and then stalls. */
    public static StallingSmtpPeer stalling() throws IOException {
        return new StallingSmtpPeer(null);
    }

    /** Greets with one {@code 220-} continuation line every {@code every}, forever. */
    public static StallingSmtpPeer trickling(Duration every) throws IOException {
        return new StallingSmtpPeer(every);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next connection accepted within {@code timeout}, or null. */
    public @Nullable Socket nextConnection(Duration timeout) throws InterruptedException {
        return accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connections accepted and not yet taken by {@link #nextConnection}. */
    public int pendingConnections() {
        return accepted.size();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                open.add(s);
                accepted.add(s);
                Thread.ofVirtual().start(() -> greet(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void greet(Socket s) {
        try {
            OutputStream out = s.getOutputStream();
            out.write("220-stall.example.com ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (trickle != null && !closed) {
                Thread.sleep(trickle.toMillis());
                out.write("220-still here\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
