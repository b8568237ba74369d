package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Controller;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@ExtendWith(OutputCaptureExtension.class)
class VedetteDashboardAutoConfigurationTest {
    private static final String TOKEN = "auto-config-token-0123";

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VedetteDashboardAutoConfiguration.class))
            .withUserConfiguration(MonitorConfig.class);

    @Configuration(proxyBeanMethods = false)
    static class MonitorConfig {
        @Bean(destroyMethod = "close")
        Monitor monitor() {
            return Monitor.builder().store(new InMemoryStore()).build();
        }
    }

    @Test
    void servesTheDashboardWithAToken() {
        web.withPropertyValues("vedette.dashboard.token=" + TOKEN).run(context -> {
            assertThat(context).hasSingleBean(DashboardTransactionsApi.class);
            assertThat(context).hasSingleBean(DashboardEventStream.class);
            assertThat(context.getBean(DashboardAccess.class).mode()).isEqualTo(DashboardAccess.Mode.TOKEN);
            FilterRegistrationBean<?> filter = context.getBean("vedetteDashboardFilter", FilterRegistrationBean.class);
            assertThat(filter.getUrlPatterns()).containsExactly("/*");
        });
    }

    @Test
    void followsTheBasePath() {
        web.withPropertyValues("vedette.dashboard.token=" + TOKEN, "vedette.dashboard.base-path=/ops/vedette/")
                .run(context -> {
                    FilterRegistrationBean<?> filter =
                            context.getBean("vedetteDashboardFilter", FilterRegistrationBean.class);
                    assertThat(filter.getUrlPatterns()).containsExactly("/*");
                    assertThat(context.getBean(DashboardSettings.class).basePath())
                            .isEqualTo("/ops/vedette");
                });
    }

    @Test
    void withoutTokenOrSecurityItIsNotServedAndSaysWhyOnce(CapturedOutput output) {
        web.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(DashboardAccess.class).mode()).isEqualTo(DashboardAccess.Mode.DISABLED);
        });
        assertThat(output.getAll().lines().filter(l -> l.contains("Vedette dashboard is not served")))
                .hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("WARN").contains("vedette.dashboard.token"));
    }

    @Test
    void aShortTokenFailsStartupWithoutShowingIt() {
        web.withPropertyValues("vedette.dashboard.token=tooshort").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("vedette.dashboard.token")
                    .hasMessageNotContaining("tooshort");
        });
    }

    @Test
    void canBeSwitchedOff() {
        web.withPropertyValues("vedette.dashboard.token=" + TOKEN, "vedette.dashboard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(DashboardAccess.class));
    }

    @Test
    void needsAMonitor() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VedetteDashboardAutoConfiguration.class))
                .withPropertyValues("vedette.dashboard.token=" + TOKEN)
                .run(context -> assertThat(context).doesNotHaveBean(DashboardAccess.class));
    }

    @Test
    void needsAServletWebApplicationWithSpringMvc() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VedetteDashboardAutoConfiguration.class))
                .withUserConfiguration(MonitorConfig.class)
                .withPropertyValues("vedette.dashboard.token=" + TOKEN)
                .run(context -> assertThat(context).doesNotHaveBean(DashboardAccess.class));
        web.withClassLoader(new FilteredClassLoader(SseEmitter.class))
                .withPropertyValues("vedette.dashboard.token=" + TOKEN)
                .run(context -> assertThat(context).doesNotHaveBean(DashboardAccess.class));
    }

    @Test
    void everyDashboardControllerIsMarkedSoThatTheGuardThePrefixAndTheErrorAdviceApplyToIt() {
        web.withPropertyValues("vedette.dashboard.token=" + TOKEN).run(context -> {
            List<Class<?>> controllers = context.getBeansWithAnnotation(Controller.class).values().stream()
                    .<Class<?>>map(bean -> bean.getClass())
                    .filter(type -> type.getPackageName().equals(DashboardHandler.class.getPackageName()))
                    .toList();
            assertThat(controllers)
                    .containsExactlyInAnyOrder(
                            DashboardSessionApi.class,
                            DashboardOverviewApi.class,
                            DashboardTransactionsApi.class,
                            DashboardHealthApi.class,
                            DashboardEndpointsApi.class,
                            DashboardErrorsApi.class,
                            DashboardAlertsApi.class,
                            DashboardAnalyticsApi.class,
                            DashboardReportsApi.class,
                            DashboardPageController.class,
                            DashboardEventStream.class)
                    .allSatisfy(type -> assertThat(AnnotatedElementUtils.hasAnnotation(type, DashboardHandler.class))
                            .as(type.getSimpleName())
                            .isTrue());
            assertThat(context).hasSingleBean(DashboardProblems.class);
        });
    }

    @Test
    void masksEmailsWhenAsked() {
        web.withPropertyValues("vedette.dashboard.token=" + TOKEN, "vedette.dashboard.mask-emails=true")
                .run(context -> {
                    Monitor monitor = context.getBean(Monitor.class);
                    monitor.recordTransaction(Transaction.builder("t1")
                            .status(TransactionStatus.COMPLETED)
                            .amount("1.00", "EUR")
                            .customer("ada@example.com", "Ada")
                            .build());
                    monitor.flush(Duration.ofSeconds(5));
                    DashboardTransactionsApi api = context.getBean(DashboardTransactionsApi.class);
                    DashboardTransactionsApi.Transactions page = api.transactions(
                            new TransactionFilter(
                                    null, "ada@example.com", null, null, null, null, null, null, null, null, null),
                            null,
                            null);
                    assertThat(page)
                            .isInstanceOfSatisfying(
                                    DashboardTransactionsApi.Listed.class,
                                    p -> assertThat(p.items())
                                            .singleElement()
                                            .satisfies(t -> assertThat(t.customerEmail())
                                                    .isEqualTo("a***@example.com")));
                    assertThat(api.transaction("t1").transaction().customerEmail())
                            .isEqualTo("a***@example.com");
                });
    }
}
