package dev.vedette.server;

import dev.vedette.Monitor;
import java.io.PrintStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Prints where the server answers once it is ready: the dashboard and the ingest API, and, on the
 * first start of an empty database, the admin key {@link FirstAdminKey} created. They go to
 * standard output rather than the log (the key must never reach a log file through a logger), so
 * the lines stand out on a console and in {@code docker logs}. The
 * URLs are built from the port actually bound ({@code local.server.port}, so {@code
 * --server.port=0} prints the chosen port), the bind address, the servlet context path and {@code
 * vedette.dashboard.base-path}.
 */
@Component
class ServerAnnouncement implements ApplicationListener<ApplicationReadyEvent> {
    private static final Logger log = LoggerFactory.getLogger(ServerAnnouncement.class);

    private final Environment env;
    private final Monitor monitor;
    private final PrintStream out;

    @Autowired
    ServerAnnouncement(Environment env, Monitor monitor) {
        this(env, monitor, System.out);
    }

    ServerAnnouncement(Environment env, Monitor monitor, PrintStream out) {
        this.env = env;
        this.monitor = monitor;
        this.out = out;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String base = baseUrl();
        StringBuilder text = new StringBuilder()
                .append("%n  Vedette server is ready.%n".formatted())
                .append("  Dashboard:  %s%n".formatted(base))
                .append("  Ingest API: %s/ingest/v1 (OpenAPI: %s/ingest/v1/openapi.json)%n".formatted(base, base));
        firstAdminKey()
                .ifPresent(key -> text.append("%n  Admin key:  %s%n".formatted(key))
                        .append(
                                "  Shown this once: only its SHA-256 is stored. Use it as 'Authorization: Bearer <key>' on%n"
                                        .formatted())
                        .append(
                                "  the dashboard API, and create ingest keys for your applications with it (docs/server.md).%n"
                                        .formatted()));
        out.print(text.append(System.lineSeparator()));
        out.flush();
    }

    private Optional<String> firstAdminKey() {
        try {
            return FirstAdminKey.createIfNone(monitor.apiKeys());
        } catch (RuntimeException e) {
            log.error(
                    "Could not look for or create the first admin key ({}); the next start tries again",
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** {@code http://host:port/context/vedette}, where the dashboard is served. */
    String baseUrl() {
        String address = env.getProperty("server.address", "");
        String host = address.isBlank() || address.equals("0.0.0.0") || address.equals("::") ? "localhost" : address;
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        String scheme = env.getProperty("server.ssl.enabled", Boolean.class, false) ? "https" : "http";
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        String context = trimSlash(env.getProperty("server.servlet.context-path", ""));
        String dashboard = trimSlash(env.getProperty("vedette.dashboard.base-path", "/vedette"));
        return scheme + "://" + host + ":" + port + context + dashboard;
    }

    private static String trimSlash(String path) {
        String p = path.strip();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
    }
}
