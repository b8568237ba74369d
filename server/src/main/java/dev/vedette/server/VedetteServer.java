package dev.vedette.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The runnable Vedette server: the Spring Boot starter with its dashboard and HTTP ingest API,
 * the JDBC store and the notifiers, configured from {@code application.yml} and {@code vedette.*}
 * properties. Start it with {@code java -jar vedette-server.jar}; it keeps its data in an H2 file
 * under {@code ./vedette-data} unless {@code --spring.datasource.url} names another database
 * (PostgreSQL, MariaDB). See {@code docs/server.md}.
 *
 * <p>At startup it prints the dashboard and ingest URLs and, when the database holds no admin key
 * yet, the admin key it has just created (once: only its hash is stored).
 */
@SpringBootApplication
public class VedetteServer {

    /** Not instantiated by users; Spring creates it as the configuration class. */
    VedetteServer() {}

    /**
     * Starts the server.
     *
     * @param args Spring Boot arguments, e.g. {@code --server.port=9090} or {@code
     *     --spring.datasource.url=jdbc:postgresql://db:5432/vedette}
     */
    public static void main(String[] args) {
        SpringApplication.run(VedetteServer.class, args);
    }
}
