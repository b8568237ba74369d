package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The login page's own stylesheet and script are served without a session; nothing else is. */
@SpringBootTest(
        classes = DashboardTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "vedette.dashboard.token=" + DashboardTestApp.TOKEN)
class DashboardLoginAssetsHttpTest {
    @LocalServerPort
    int port;

    @Test
    void theLoginPagesStylesheetAndScriptNeedNoSession() throws IOException {
        RawHttp http = new RawHttp(port);
        RawHttp.Response login = http.get("/vedette/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body())
                .contains("href=\"/vedette/assets/app.css\"")
                .contains("src=\"/vedette/assets/login.js\"");

        RawHttp.Response css = http.get("/vedette/assets/app.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
        assertThat(css.body()).contains(".login-box");
        RawHttp.Response js = http.get("/vedette/assets/login.js");
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.body()).contains("login-error").contains("throttled");
        assertThat(js.header("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void theDashboardsScriptsAndEverythingElseStillNeedOne() throws IOException {
        RawHttp http = new RawHttp(port);
        for (String path : new String[] {
            "/vedette/assets/app.js", "/vedette/assets/uplot/uPlot.iife.min.js", "/vedette/assets/uplot/uPlot.min.css"
        }) {
            RawHttp.Response r = http.get(path);
            assertThat(r.status()).as(path).isEqualTo(303);
            assertThat(r.header("Location")).as(path).hasValue("/vedette/login");
        }
        assertThat(http.post("/vedette/assets/app.css", "").status()).isEqualTo(303);
    }
}
