package dev.vedette.spring.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The second line behind {@link DashboardFilter}: a request that Spring MVC routes to one of the
 * dashboard's handlers (a controller marked {@link DashboardHandler}, or a resource pattern under the
 * base path) must have been let through by the filter. One that was not — a spelling of the path
 * that the filter did not take for the dashboard's — gets 404, so a gap in the filter's reading of
 * paths fails closed.
 */
final class DashboardHandlerGuard implements HandlerInterceptor {
    private final String base;

    DashboardHandlerGuard(String base) {
        this.base = base;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!dashboardHandler(request, handler) || request.getAttribute(DashboardFilter.PASSED_ATTRIBUTE) != null) {
            return true;
        }
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
        return false;
    }

    private boolean dashboardHandler(HttpServletRequest request, Object handler) {
        if (handler instanceof HandlerMethod method
                && AnnotatedElementUtils.hasAnnotation(method.getBeanType(), DashboardHandler.class)) {
            return true;
        }
        return request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern
                && (pattern.equals(base) || pattern.startsWith(base + "/"));
    }
}
