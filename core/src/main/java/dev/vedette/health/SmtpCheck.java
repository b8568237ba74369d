package dev.vedette.health;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Checks an SMTP server the way a mail client starts a session: connect, read the {@code 220}
 * greeting, send {@code EHLO} (expects {@code 250}), optionally {@code STARTTLS} (expects {@code
 * 220}, then the TLS handshake with host name verification and a second {@code EHLO}), then {@code
 * QUIT}. No mail is sent and no credentials are used. DOWN when the connection fails, a reply is
 * not the expected one or the handshake fails; DEGRADED when the conversation took longer than
 * {@link Builder#degradedAbove(Duration) degradedAbove}; UP otherwise.
 *
 * <p>Details: {@code host}, {@code port}, {@code greeting} (the server's first greeting line), and
 * with STARTTLS {@code tlsProtocol} and {@code certificateExpiresAt}. Create one with {@link
 * HealthChecks#smtp(String, String, int)}.
 */
public final class SmtpCheck extends AbstractCheck {
    /** Default latency above which the server is DEGRADED: 3 s. */
    public static final Duration DEFAULT_DEGRADED_ABOVE = Duration.ofSeconds(3);

    private static final int MAX_LINE = 2_048;
    private static final int MAX_LINES = 200;

    private final String host;
    private final int port;
    private final boolean startTls;
    private final @Nullable SSLContext sslContext;
    private final @Nullable String heloName;
    private final Duration degradedAbove;

    private SmtpCheck(Builder b) {
        super(b);
        this.host = b.host;
        this.port = b.port;
        this.startTls = b.startTls;
        this.sslContext = b.sslContext;
        this.heloName = b.heloName;
        this.degradedAbove = b.degradedAbove;
    }

    /** {@code smtp://<host>}: the e-mail channel sending through this host depends on this check. */
    @Override
    public Optional<URI> target() {
        return CheckSupport.target("smtp", host);
    }

    /** Runs the SMTP conversation. Never throws for network or protocol errors: they become DOWN. */
    @Override
    public HealthReport check() {
        long start = System.nanoTime();
        HealthReport.Builder report = HealthReport.builder(name, HealthStatus.UP);
        List<String> details = new ArrayList<>();
        String failure = null;
        Socket socket = new Socket();
        try {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            Session session = new Session(socket);
            Reply greeting = session.read();
            details.add(greeting.lines.get(0));
            if (greeting.code != 220) {
                failure = "expected 220 greeting, got: " + greeting.first();
            } else {
                String helo = heloName != null ? heloName : addressLiteral(socket.getLocalAddress());
                Reply ehlo = session.command("EHLO " + helo);
                if (ehlo.code != 250) {
                    failure = "expected 250 to EHLO, got: " + ehlo.first();
                } else if (startTls) {
                    failure = startTls(socket, session, ehlo, helo, report);
                    if (failure == null) {
                        socket = session.socket;
                    }
                }
                if (failure == null) {
                    quit(session);
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = "SMTP conversation with " + host + ":" + port + " failed: " + CheckSupport.describe(e);
        } finally {
            closeQuietly(socket);
        }
        Duration took = CheckSupport.since(start);
        report = failure != null
                ? rebuild(report, HealthStatus.DOWN).message(failure)
                : took.compareTo(degradedAbove) > 0
                        ? rebuild(report, HealthStatus.DEGRADED).message(CheckSupport.slow(took, degradedAbove))
                        : report;
        report.responseTime(took).detail("host", host).detail("port", port).detail("startTls", startTls);
        if (!details.isEmpty()) {
            report.detail("greeting", details.get(0));
        }
        return report.build();
    }

    private @Nullable String startTls(
            Socket plain, Session session, Reply ehlo, String helo, HealthReport.Builder report) throws IOException {
        boolean offered = ehlo.lines.stream()
                .map(l -> l.length() > 4 ? l.substring(4).trim().toUpperCase(Locale.ROOT) : "")
                .anyMatch(l -> l.equals("STARTTLS") || l.startsWith("STARTTLS "));
        if (!offered) {
            return "server does not offer STARTTLS";
        }
        Reply reply = session.command("STARTTLS");
        if (reply.code != 220) {
            return "expected 220 to STARTTLS, got: " + reply.first();
        }
        SSLContext context;
        try {
            context = sslContext != null ? sslContext : SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            return "no TLS support: " + CheckSupport.describe(e);
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        tls.setUseClientMode(true);
        SSLParameters params = tls.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(params);
        tls.startHandshake();
        report.detail("tlsProtocol", tls.getSession().getProtocol());
        Certificate[] chain = tls.getSession().getPeerCertificates();
        if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
            report.detail("certificateExpiresAt", leaf.getNotAfter().toInstant().toString());
        }
        session.switchTo(tls);
        Reply second = session.command("EHLO " + helo);
        if (second.code != 250) {
            return "expected 250 to EHLO after STARTTLS, got: " + second.first();
        }
        return null;
    }

    private static void quit(Session session) {
        try {
            session.command("QUIT");
        } catch (IOException | RuntimeException e) {
            // The server answered everything that matters; a rude close after QUIT is not an outage.
        }
    }

    private static HealthReport.Builder rebuild(HealthReport.Builder from, HealthStatus status) {
        HealthReport partial = from.build();
        return HealthReport.builder(partial.component(), status).details(partial.details());
    }

    private static String addressLiteral(InetAddress address) {
        return address instanceof Inet6Address
                ? "[IPv6:" + address.getHostAddress().replaceFirst("%.*$", "") + "]"
                : "[" + address.getHostAddress() + "]";
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private record Reply(int code, List<String> lines) {
        String first() {
            return Validate.quote(lines.get(0));
        }
    }

    /** Reads SMTP replies (multi-line aware) and writes commands. */
    private static final class Session {
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Session(Socket socket) throws IOException {
            switchTo(socket);
        }

        void switchTo(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        Reply command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read();
        }

        Reply read() throws IOException {
            List<String> lines = new ArrayList<>();
            while (lines.size() < MAX_LINES) {
                String line = readLine();
                if (line.length() < 3 || !isCode(line)) {
                    throw new IOException("malformed SMTP reply '" + Validate.quote(line) + "'");
                }
                lines.add(line);
                if (line.length() == 3 || line.charAt(3) != '-') {
                    return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
                }
            }
            throw new IOException("SMTP reply longer than " + MAX_LINES + " lines");
        }

        private static boolean isCode(String line) {
            return Character.isDigit(line.charAt(0))
                    && Character.isDigit(line.charAt(1))
                    && Character.isDigit(line.charAt(2));
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b == -1) {
                    throw new IOException("connection closed by server");
                }
                if (b == '\n') {
                    String s = buf.toString(StandardCharsets.US_ASCII);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                if (buf.size() >= MAX_LINE) {
                    throw new IOException("SMTP reply line longer than " + MAX_LINE + " bytes");
                }
                buf.write(b);
            }
        }
    }

    /** Configures an {@link SmtpCheck}. */
    public static final class Builder extends HealthCheckBuilder<Builder> {
        private final String host;
        private final int port;
        private boolean startTls;
        private @Nullable SSLContext sslContext;
        private @Nullable String heloName;
        private Duration degradedAbove = DEFAULT_DEGRADED_ABOVE;

        Builder(String name, String host, int port) {
            super(name);
            this.host = CheckSupport.host(host);
            this.port = CheckSupport.port(port);
        }

        /**
         * Whether to upgrade with STARTTLS after EHLO, default false. When on, a server that does
         * not offer STARTTLS, refuses it or fails the handshake (including host name verification)
         * is DOWN.
         */
        public Builder startTls(boolean startTls) {
            this.startTls = startTls;
            return this;
        }

        /**
         * The TLS context for STARTTLS, default {@link SSLContext#getDefault()} (the JDK trust store).
         *
         * @throws IllegalArgumentException if null
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Validate.notNull("sslContext", sslContext);
            return this;
        }

        /**
         * The name sent with EHLO, default the local address as an address literal (e.g. {@code
         * [10.0.0.5]}), which RFC 5321 allows when there is no meaningful host name.
         *
         * @throws IllegalArgumentException if blank, longer than 255 characters or containing spaces
         */
        public Builder heloName(String heloName) {
            Validate.identifier("heloName", heloName, 255);
            if (heloName.contains(" ")) {
                throw new IllegalArgumentException(
                        "heloName must not contain spaces, was '" + Validate.quote(heloName) + "'");
            }
            this.heloName = heloName;
            return this;
        }

        /**
         * Latency of the whole conversation above which the server is DEGRADED, default {@link
         * #DEFAULT_DEGRADED_ABOVE}. Must be less than the timeout.
         *
         * @throws IllegalArgumentException if null, zero or negative
         */
        public Builder degradedAbove(Duration degradedAbove) {
            this.degradedAbove = Validate.positive("degradedAbove", degradedAbove);
            return this;
        }

        /** @throws IllegalArgumentException if degradedAbove is not less than the timeout */
        @Override
        public SmtpCheck build() {
            CheckSupport.requireBelowTimeout(degradedAbove, timeout);
            return new SmtpCheck(this);
        }
    }
}
