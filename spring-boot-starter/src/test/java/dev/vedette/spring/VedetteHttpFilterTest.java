package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

class VedetteHttpFilterTest {
    private final EndpointStats stats = new EndpointStats();
    private final Monitor monitor = Monitor.builder().backgroundJobs(false).build();
    private final VedetteHttpFilter filter = new VedetteHttpFilter(stats, () -> monitor, List.of("/actuator/**"));

    @AfterEach
    void close() {
        monitor.close();
    }

    @Test
    void requestsAreCountedByRouteTemplateNotByRawPath() throws Exception {
        handle("GET", "/orders/42", "/orders/{id}", 200);
        handle("GET", "/orders/43", "/orders/{id}", 503);
        handle("GET", "/orders/44", "/orders/{id}", 404);

        EndpointStats.Endpoint e = stats.endpoint("GET", "/orders/{id}").orElseThrow();
        assertThat(e.count()).isEqualTo(3);
        assertThat(e.serverErrors()).isEqualTo(1);
        assertThat(e.clientErrors()).isEqualTo(1);
        assertThat(stats.endpoints()).hasSize(1);
    }

    @Test
    void unmatchedRequestsShareOneRoute() throws Exception {
        handle("GET", "/wp-admin/1", null, 404);
        handle("GET", "/wp-admin/2", null, 404);
        handle("GET", "/static/x", null, 200);

        assertThat(stats.endpoint("GET", VedetteHttpFilter.NOT_FOUND)
                        .orElseThrow()
                        .count())
                .isEqualTo(2);
        assertThat(stats.endpoint("GET", VedetteHttpFilter.UNMATCHED)
                        .orElseThrow()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void excludedPathsAreNotTimed() throws Exception {
        handle("GET", "/actuator/health", "/actuator/health", 200);

        assertThat(stats.endpoints()).isEmpty();
    }

    @Test
    void anEscapingExceptionCountsAsA500AndIsRecordedAsAnError() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/pay");
        MockFilterChain chain = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(
                    jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res) {
                req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/pay");
                throw new IllegalStateException("gateway exploded");
            }
        });

        assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), chain))
                .isInstanceOf(IllegalStateException.class);

        assertThat(stats.endpoint("POST", "/pay").orElseThrow().serverErrors()).isEqualTo(1);
        assertThat(monitor.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(monitor.errors().groups(Set.of(), 10, null).items())
                .singleElement()
                .satisfies(g -> assertThat(g.type()).isEqualTo(IllegalStateException.class.getName()));
    }

    private void handle(String method, String path, String pattern, int status)
            throws ServletException, java.io.IOException {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(
                    jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res) {
                if (pattern != null) {
                    req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
                }
                res.setStatus(status);
            }
        });
        filter.doFilter(request, response, chain);
    }
}
