package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.servlet.HandlerMapping;

class VedetteWebAutoConfigurationTests {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(VedetteAutoConfigurationTests.ALL)
            .withPropertyValues("vedette.checks.disk-space.enabled=false");

    @Test
    void aServletApplicationGetsTheTimingFilterAndEndpointStats() {
        runner.withPropertyValues("vedette.web.max-routes=5", "vedette.web.slow-threshold=250ms")
                .run(context -> {
                    assertThat(context).hasSingleBean(EndpointStats.class).hasBean("vedetteHttpFilter");
                    EndpointStats stats = context.getBean(EndpointStats.class);
                    assertThat(stats.maxRoutes()).isEqualTo(5);
                    assertThat(stats.slowThreshold()).hasMillis(250);
                    assertThat(context.getBean("vedetteHttpFilter", FilterRegistrationBean.class)
                                    .getOrder())
                            .isEqualTo(VedetteWebAutoConfiguration.FILTER_ORDER);
                });
    }

    @Test
    void aNonWebApplicationGetsNoFilter() {
        new ApplicationContextRunner()
                .withConfiguration(VedetteAutoConfigurationTests.ALL)
                .run(context -> assertThat(context).doesNotHaveBean(EndpointStats.class));
    }

    @Test
    void theFilterCanBeSwitchedOff() {
        runner.withPropertyValues("vedette.web.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(EndpointStats.class));
    }

    @Test
    void withoutSpringMvcThereIsNoFilter() {
        runner.withClassLoader(new FilteredClassLoader(HandlerMapping.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EndpointStats.class));
    }

    @Test
    void badValuesFailNamingTheProperty() {
        runner.withPropertyValues("vedette.web.max-routes=0")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("vedette.web.max-routes"));
        runner.withPropertyValues("vedette.web.exclude-paths=/{unclosed")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("vedette.web.exclude-paths"));
    }

    @Test
    void statsOfYourOwnWin() {
        EndpointStats own = new EndpointStats(3, java.time.Duration.ofSeconds(2));
        runner.withBean(EndpointStats.class, () -> own)
                .run(context -> assertThat(context.getBean(EndpointStats.class)).isSameAs(own));
    }
}
