package dev.vedette.spring.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over a plain socket, so that the request target reaches the server byte for byte, the
 * way {@code curl --path-as-is} sends it: {@code java.net.URI} and {@code HttpClient} normalise or
 * refuse some of the spellings the path tests need ({@code ;x=1}, {@code %2e}, {@code //}, {@code
 * ..}). Can also send from another loopback address (127.0.0.2), which the server sees as another
 * client.
 */
public final class RawHttp {
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int STREAM_MILLIS = 2_000;

    /** A response: status, headers by lower-case name, and the body as UTF-8 text. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** The {@code name=value} parts of the {@code Set-Cookie} headers, joined for a {@code Cookie} header. */
        String cookies() {
            return String.join(
                    "; ",
                    headers("Set-Cookie").stream()
                            .map(c -> c.indexOf(';') < 0 ? c : c.substring(0, c.indexOf(';')))
                            .toList());
        }

        @Override
        public String toString() {
            return status + " " + headers + "\n" + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    /** An open response whose body is still arriving (a live stream); closing it closes the connection. */
    static final class Open implements AutoCloseable {
        private final Socket socket;
        private final Response response;

        private Open(Socket socket, Response response) {
            this.socket = socket;
            this.response = response;
        }

        Response response() {
            return response;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private final int port;
    private final @Nullable InetAddress local;

    public RawHttp(int port) {
        this(port, null);
    }

    RawHttp(int port, @Nullable InetAddress local) {
        this.port = port;
        this.local = local;
    }

    public Response get(String target, String... headers) throws IOException {
        return exchange("GET", target, List.of(headers), null);
    }

    public Response post(String target, String body, String... headers) throws IOException {
        List<String> all = new ArrayList<>(List.of(headers));
        if (all.stream().noneMatch(h -> h.regionMatches(true, 0, "Content-Type:", 0, 13))) {
            all.add("Content-Type: application/x-www-form-urlencoded");
        }
        return exchange("POST", target, all, body);
    }

    /** Sends one request on a new connection and reads the whole response (a live stream: its first events). */
    public Response exchange(String method, String target, List<String> headers, @Nullable String body)
            throws IOException {
        try (Socket socket = connect()) {
            send(socket, method, target, headers, body, true);
            return read(socket.getInputStream(), method);
        }
    }

    /** Sends a GET and keeps the connection open, as a browser holding a live stream does. */
    Open open(String target, String... headers) throws IOException {
        Socket socket = connect();
        try {
            send(socket, "GET", target, List.of(headers), null, false);
            return new Open(socket, read(socket.getInputStream(), "GET"));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Socket connect() throws IOException {
        Socket socket = local == null
                ? new Socket(InetAddress.getLoopbackAddress(), port)
                : new Socket(InetAddress.getLoopbackAddress(), port, local, 0);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    private void send(
            Socket socket, String method, String target, List<String> headers, @Nullable String body, boolean close)
            throws IOException {
        StringBuilder r = new StringBuilder();
        r.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        r.append("Host: localhost:").append(port).append("\r\n");
        if (close) {
            r.append("Connection: close\r\n");
        }
        for (String h : headers) {
            r.append(h).append("\r\n");
        }
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            r.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        r.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(r.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(payload);
        out.flush();
    }

    private static Response read(InputStream in, String method) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).trim());
        }
        Response head = new Response(status, headers, "");
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return head;
        }
        byte[] body;
        if (head.header("Content-Type").orElse("").startsWith("text/event-stream")) {
            body = firstEvents(in);
        } else if (head.header("Transfer-Encoding").orElse("").equalsIgnoreCase("chunked")) {
            body = chunked(in);
        } else if (head.header("Content-Length").isPresent()) {
            body = in.readNBytes(Integer.parseInt(head.header("Content-Length").get()));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] firstEvents(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + STREAM_MILLIS * 1_000_000L;
        byte[] buffer = new byte[1024];
        while (System.nanoTime() < deadline
                && !seen.toString(StandardCharsets.UTF_8).contains("event:hello")) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                seen.write(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                break;
            }
        }
        return seen.toByteArray();
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                break;
            }
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                break;
            }
            body.write(in.readNBytes(n));
            line(in);
        }
        return body.toByteArray();
    }

    private static @Nullable String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
