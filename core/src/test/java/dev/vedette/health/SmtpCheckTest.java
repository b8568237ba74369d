package dev.vedette.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class SmtpCheckTest {

    @Test
    void greenMailServerIsUp() throws Exception {
        GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        try {
            int port = greenMail.getSmtp().getPort();
            HealthReport report =
                    HealthChecks.smtp("smtp", "127.0.0.1", port).build().check();

            assertThat(report.status()).isEqualTo(HealthStatus.UP);
            assertThat(report.responseTime()).isNotNull();
            assertThat(report.details())
                    .containsEntry("port", port)
                    .containsEntry("startTls", false)
                    .hasEntrySatisfying("greeting", g -> assertThat((String) g).startsWith("220"));
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void conversationFollowsTheProtocolAndEndsWithQuit() throws Exception {
        try (FakeSmtp smtp = new FakeSmtp("220 fake.example ESMTP", false, null)) {
            HealthReport report = HealthChecks.smtp("smtp", "127.0.0.1", smtp.port())
                    .heloName("checker.example")
                    .build()
                    .check();

            assertThat(report.status()).isEqualTo(HealthStatus.UP);
            assertThat(report.details()).containsEntry("greeting", "220 fake.example ESMTP");
            assertThat(smtp.commands).containsExactly("EHLO checker.example", "QUIT");
        }
    }

    @Test
    void refusingGreetingIsDown() throws Exception {
        try (FakeSmtp smtp = new FakeSmtp("554 no service for you", false, null)) {
            HealthReport report =
                    HealthChecks.smtp("smtp", "127.0.0.1", smtp.port()).build().check();

            assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(report.message()).isEqualTo("expected 220 greeting, got: 554 no service for you");
        }
    }

    @Test
    void startTlsUpgradesTheConnectionAndGreetsAgain() throws Exception {
        try (FakeSmtp smtp = new FakeSmtp("220 fake.example ESMTP", true, TestTls.serverContext())) {
            HealthReport report = HealthChecks.smtp("smtp", "127.0.0.1", smtp.port())
                    .startTls(true)
                    .sslContext(TestTls.clientContext())
                    .heloName("checker.example")
                    .build()
                    .check();

            assertThat(report.status()).as(report.toString()).isEqualTo(HealthStatus.UP);
            assertThat(report.details()).containsKey("tlsProtocol").containsKey("certificateExpiresAt");
            assertThat(smtp.commands)
                    .containsExactly("EHLO checker.example", "STARTTLS", "EHLO checker.example", "QUIT");
        }
    }

    @Test
    void startTlsNotOfferedIsDown() throws Exception {
        try (FakeSmtp smtp = new FakeSmtp("220 fake.example ESMTP", false, null)) {
            HealthReport report = HealthChecks.smtp("smtp", "127.0.0.1", smtp.port())
                    .startTls(true)
                    .build()
                    .check();

            assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(report.message()).isEqualTo("server does not offer STARTTLS");
        }
    }

    @Test
    void untrustedStartTlsCertificateIsDown() throws Exception {
        try (FakeSmtp smtp = new FakeSmtp("220 fake.example ESMTP", true, TestTls.serverContext())) {
            HealthReport report = HealthChecks.smtp("smtp", "127.0.0.1", smtp.port())
                    .startTls(true)
                    .build()
                    .check();

            assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(report.message()).contains("SSLHandshakeException");
        }
    }

    @Test
    void closedPortIsDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        HealthReport report =
                HealthChecks.smtp("smtp", "127.0.0.1", port).build().check();

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.message()).contains("ConnectException");
    }

    /** A one-connection-at-a-time SMTP server speaking just enough of RFC 5321 and 3207. */
    private static final class FakeSmtp implements AutoCloseable {
        final List<String> commands = new CopyOnWriteArrayList<>();
        private final ServerSocket server;
        private final String greeting;
        private final boolean offerStartTls;
        private final SSLContext tls;

        FakeSmtp(String greeting, boolean offerStartTls, SSLContext tls) throws IOException {
            this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            this.greeting = greeting;
            this.offerStartTls = offerStartTls;
            this.tls = tls;
            Thread.ofVirtual().start(this::serve);
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    converse(socket);
                } catch (IOException e) {
                    // client went away or server closed
                }
            }
        }

        private void converse(Socket socket) throws IOException {
            Socket current = socket;
            BufferedReader in = reader(current);
            Writer out = writer(current.getOutputStream());
            send(out, greeting);
            if (!greeting.startsWith("220")) {
                return;
            }
            boolean secure = false;
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                if (line.startsWith("EHLO")) {
                    send(out, "250-fake.example hello");
                    send(out, offerStartTls && !secure ? "250-STARTTLS" : "250-8BITMIME");
                    send(out, "250 SIZE 1000000");
                } else if (line.equals("STARTTLS")) {
                    send(out, "220 go ahead");
                    SSLSocket ssl =
                            (SSLSocket) tls.getSocketFactory().createSocket(current, null, current.getPort(), true);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    current = ssl;
                    in = reader(current);
                    out = writer(current.getOutputStream());
                    secure = true;
                } else if (line.equals("QUIT")) {
                    send(out, "221 bye");
                    return;
                } else {
                    send(out, "502 not implemented");
                }
            }
        }

        private static BufferedReader reader(Socket s) throws IOException {
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        }

        private static Writer writer(OutputStream out) {
            return new java.io.OutputStreamWriter(out, StandardCharsets.US_ASCII);
        }

        private static void send(Writer out, String line) throws IOException {
            out.write(line + "\r\n");
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
