package dev.vedette.spring.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.ApiKey;
import dev.vedette.spring.VedetteAutoConfiguration;
import dev.vedette.spring.dashboard.DashboardKeysApi;
import dev.vedette.spring.dashboard.VedetteDashboardAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

class VedetteIngestAutoConfigurationTest {
    private static final String KEY = "vk_AutoConf_abcdefghijklmnopqrstuvwxyz012345";

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    VedetteAutoConfiguration.class,
                    VedetteDashboardAutoConfiguration.class,
                    VedetteIngestAutoConfiguration.class))
            .withPropertyValues("vedette.store.type=memory");

    @Test
    void isOffUnlessEnabled() {
        web.run(context -> {
            assertThat(context).hasSingleBean(Monitor.class);
            assertThat(context).doesNotHaveBean("vedetteIngestFilter");
            assertThat(context).doesNotHaveBean(DashboardKeysApi.class);
        });
    }

    @Test
    void registersTheFilterAheadOfTheDashboardAndTheConfiguredKeys() {
        web.withPropertyValues(
                        "vedette.ingest.enabled=true",
                        "vedette.ingest.keys[0].name=ops",
                        "vedette.ingest.keys[0].scope=ADMIN",
                        "vedette.ingest.keys[0].key=" + KEY)
                .run(context -> {
                    FilterRegistrationBean<?> ingest =
                            context.getBean("vedetteIngestFilter", FilterRegistrationBean.class);
                    FilterRegistrationBean<?> dashboard =
                            context.getBean("vedetteDashboardFilter", FilterRegistrationBean.class);
                    assertThat(ingest.getOrder()).isLessThan(dashboard.getOrder());
                    assertThat(context).hasSingleBean(DashboardKeysApi.class);
                    Monitor monitor = context.getBean(Monitor.class);
                    assertThat(monitor.apiKeys().authenticate(KEY))
                            .hasValueSatisfying(k -> assertThat(k.scope()).isEqualTo(ApiKey.Scope.ADMIN));
                });
    }

    @Test
    void aMalformedKeyFailsStartupNamingThePropertyButNotTheKey() {
        String secret = "not-a-vedette-key-but-secret";
        web.withPropertyValues("vedette.ingest.enabled=true", "vedette.ingest.keys[0].key=" + secret)
                .run(context -> assertThat(failure(context.getStartupFailure()))
                        .contains("vedette.ingest.keys[0].key")
                        .doesNotContain(secret));
    }

    @Test
    void badLimitsFailStartupNamingTheProperty() {
        web.withPropertyValues("vedette.ingest.enabled=true", "vedette.ingest.rate.burst=0")
                .run(context -> assertThat(failure(context.getStartupFailure()))
                        .contains("vedette.ingest.rate.burst must be at least 1, was 0"));
        web.withPropertyValues("vedette.ingest.enabled=true", "vedette.ingest.max-body-bytes=10")
                .run(context ->
                        assertThat(failure(context.getStartupFailure())).contains("vedette.ingest.max-body-bytes"));
        web.withPropertyValues(
                        "vedette.ingest.enabled=true",
                        "vedette.ingest.keys[0].scope=root",
                        "vedette.ingest.keys[0].key=" + KEY)
                .run(context -> assertThat(failure(context.getStartupFailure()))
                        .contains("vedette.ingest.keys[0].scope", "scope must be ingest or admin, was 'root'"));
    }

    private static String failure(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
