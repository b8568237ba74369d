package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Over real HTTP, a request for a path nothing serves counts as {@code NOT_FOUND}, not as Spring
 * Boot's static-resource pattern {@code GET /**}; a controller route keeps its template.
 */
class NotFoundTimingHttpTest {
    private ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newHttpClient();

    @RestController
    static class Orders {
        @GetMapping("/orders/{id}")
        String order(@PathVariable String id) {
            return "order " + id;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(
            excludeName = {
                "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
            })
    @Import(Orders.class)
    static class App {}

    @BeforeEach
    void start() {
        context = SpringApplication.run(
                App.class,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--spring.datasource.url=jdbc:h2:mem:not-found;DB_CLOSE_DELAY=-1",
                "--vedette.dashboard.enabled=false",
                "--vedette.checks.disk-space.enabled=false");
    }

    @AfterEach
    void stop() {
        context.close();
    }

    private int get(String path) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void aPathNothingServesIsTimedAsNotFoundNotAsTheStaticResourcePattern() throws Exception {
        assertThat(get("/orders/42")).isEqualTo(200);
        assertThat(get("/wp-admin/setup.php")).isEqualTo(404);
        assertThat(get("/no/such/page")).isEqualTo(404);

        EndpointStats stats = context.getBean(EndpointStats.class);
        assertThat(stats.endpoints())
                .extracting(e -> e.method() + " " + e.route() + " " + e.count())
                .containsExactlyInAnyOrder("GET /orders/{id} 1", "GET " + VedetteHttpFilter.NOT_FOUND + " 2");
    }
}
