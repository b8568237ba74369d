package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class DashboardPathTest {
    private final DashboardPath paths = new DashboardPath("/vedette");

    /** A request as Tomcat presents it: the raw URI, and the decoded, normalised servlet path. */
    private DashboardPath.Target classify(String context, String rawUri, String servletPath) {
        MockHttpServletRequest r = new MockHttpServletRequest("GET", rawUri);
        r.setContextPath(context);
        r.setServletPath(servletPath);
        return paths.classify(r);
    }

    @Test
    void canonicalPathsAreTheDashboards() {
        assertThat(classify("", "/vedette", "/vedette"))
                .isEqualTo(new DashboardPath.Target(DashboardPath.Kind.DASHBOARD, ""));
        assertThat(classify("", "/vedette/api/overview", "/vedette/api/overview")
                        .rel())
                .isEqualTo("/api/overview");
        assertThat(classify(
                        "/shop",
                        "/shop/vedette/api/transactions/%F0%9F%92%B8money",
                        "/vedette/api/transactions/💸money"))
                .isEqualTo(new DashboardPath.Target(DashboardPath.Kind.DASHBOARD, "/api/transactions/💸money"));
        assertThat(classify("", "/vedette/api/transactions/a%20b%3Bc", "/vedette/api/transactions/a b;c")
                        .kind())
                .isEqualTo(DashboardPath.Kind.DASHBOARD);
    }

    @Test
    void theLenientReadingResolvesWhatAServerMight() {
        assertThat(DashboardPath.loose("/shop/checkout")).isEqualTo("/shop/checkout");
        assertThat(DashboardPath.loose("/x/..;/%76edette//api/./overview")).isEqualTo("/vedette/api/overview");
        assertThat(DashboardPath.loose(";x=1/vedette")).isEqualTo("/vedette");
        assertThat(DashboardPath.loose("/vedette%5Capi")).isEqualTo("/vedette/api");
        assertThat(DashboardPath.loose("/%zz/vedette")).isEqualTo("/%zz/vedette");
    }

    @Test
    void otherPathsAreNotTheDashboards() {
        assertThat(classify("", "/vedettex/api", "/vedettex/api").kind()).isEqualTo(DashboardPath.Kind.OUTSIDE);
        assertThat(classify("", "/shop;x=1/checkout", "/shop/checkout").kind()).isEqualTo(DashboardPath.Kind.OUTSIDE);
        assertThat(classify("", "/api/vedette", "/api/vedette").kind()).isEqualTo(DashboardPath.Kind.OUTSIDE);
    }

    @Test
    void everyOtherSpellingOfADashboardPathIsRejected() {
        String[][] spellings = {
            {"/vedette;x=1/api/overview", "/vedette/api/overview"},
            {"/vedette;/api/overview", "/vedette/api/overview"},
            {"/vedette;jsessionid=abc/api/errors", "/vedette/api/errors"},
            {"/%76edette/api/overview", "/vedette/api/overview"},
            {"/vedette/%61pi/overview", "/vedette/api/overview"},
            {"/vedette/api/overview%2e", "/vedette/api/overview."},
            {"/vedette/%2e/api/overview", "/vedette/api/overview"},
            {"/x/%2e%2e/vedette/api/overview", "/vedette/api/overview"},
            {"/x/../vedette/api/overview", "/vedette/api/overview"},
            {"/x/..;/vedette/api/overview", "/vedette/api/overview"},
            {"/vedette/./api/overview", "/vedette/api/overview"},
            {"//vedette/api/overview", "/vedette/api/overview"},
            {"/vedette//api/overview", "/vedette/api/overview"},
            {"/VEDETTE/api/overview", "/VEDETTE/api/overview"},
            {"/Vedette", "/Vedette"},
            {"/vedette%2Fapi/overview", "/vedette/api/overview"},
            {"/vedette%5Capi/overview", "/vedette\\api/overview"},
            {"/vedette/api/%2576", "/vedette/api/%76"},
            {"/vedette\\api/overview", "/vedette\\api/overview"},
        };
        for (String[] s : spellings) {
            assertThat(classify("", s[0], s[1]).kind()).as(s[0]).isEqualTo(DashboardPath.Kind.REJECTED);
        }
        // the container's view alone is enough to see it is the dashboard's
        assertThat(classify("", "/somewhere/else", "/vedette/api/overview").kind())
                .isEqualTo(DashboardPath.Kind.REJECTED);
        // and the raw path alone, when the container leaves the servlet path empty
        assertThat(classify("", "/%76edette/api/overview", "").kind()).isEqualTo(DashboardPath.Kind.REJECTED);
        assertThat(classify("/shop", "/shop;x=1/vedette/api/overview", "/vedette/api/overview")
                        .kind())
                .isEqualTo(DashboardPath.Kind.REJECTED);
    }
}
