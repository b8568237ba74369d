package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

class DashboardHandlerGuardTest {
    private final DashboardHandlerGuard guard = new DashboardHandlerGuard("/vedette");

    /** A stand-in for any application controller. */
    static final class ShopController {
        public String checkout(HttpServletRequest request) {
            return "ok";
        }
    }

    private static HandlerMethod pageHandler() throws NoSuchMethodException {
        DashboardAccess access = new DashboardAccess(
                DashboardSettings.of("/vedette", null, new VedetteDashboardProperties()),
                new DefaultListableBeanFactory(),
                Clock.systemUTC());
        return new HandlerMethod(
                new DashboardPageController("/vedette", access),
                DashboardPageController.class.getMethod("login", HttpServletRequest.class));
    }

    @Test
    void aDashboardHandlerReachedWithoutTheFilterGets404() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/somehow/login");
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(guard.preHandle(request, response, pageHandler())).isFalse();
        assertThat(response.getStatus()).isEqualTo(404);
    }

    @Test
    void aDashboardHandlerReachedThroughTheFilterRuns() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/vedette/login");
        request.setAttribute(DashboardFilter.PASSED_ATTRIBUTE, Boolean.TRUE);
        assertThat(guard.preHandle(request, new MockHttpServletResponse(), pageHandler()))
                .isTrue();
    }

    @Test
    void aResourcePatternUnderTheBasePathIsGuardedToo() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/vedette/assets/app.js");
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/vedette/assets/**");
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(guard.preHandle(request, response, new Object())).isFalse();
        assertThat(response.getStatus()).isEqualTo(404);
    }

    @Test
    void theApplicationsOwnHandlersAreLeftAlone() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/shop/checkout");
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/shop/checkout");
        HandlerMethod shop = new HandlerMethod(
                new ShopController(), ShopController.class.getMethod("checkout", HttpServletRequest.class));
        assertThat(guard.preHandle(request, new MockHttpServletResponse(), shop))
                .isTrue();
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/vedettes/**");
        assertThat(guard.preHandle(request, new MockHttpServletResponse(), new Object()))
                .isTrue();
    }
}
