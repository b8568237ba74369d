package dev.vedette.server;

import java.io.PrintStream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Prints where the server answers once it is ready: the dashboard and the ingest API, on standard
 * output rather than the log, so the lines stand out on a console and in {@code docker logs}. The
 * URLs are built from the port actually bound ({@code local.server.port}, so {@code
 * --server.port=0} prints the chosen port), the bind address, the servlet context path and {@code
 * vedette.dashboard.base-path}.
 */
@Component
class ServerAnnouncement implements ApplicationListener<ApplicationReadyEvent> {
    private final Environment env;
    private final PrintStream out;

    @Autowired
    ServerAnnouncement(Environment env) {
        this(env, System.out);
    }

    ServerAnnouncement(Environment env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String base = baseUrl();
        out.printf(
                "%n  Vedette server is ready.%n  Dashboard:  %s%n  Ingest API: %s/ingest/v1 (OpenAPI: %s/ingest/v1/openapi.json)%n%n",
                base,
                base,
                base);
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
