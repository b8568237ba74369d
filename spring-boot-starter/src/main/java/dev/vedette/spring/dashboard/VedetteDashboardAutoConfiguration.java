package dev.vedette.spring.dashboard;

import dev.vedette.Monitor;
import dev.vedette.analytics.Analytics;
import dev.vedette.spring.VedetteAutoConfiguration;
import dev.vedette.spring.VedetteProperties;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The embedded dashboard, in a servlet web application with Spring MVC and a {@link Monitor} bean,
 * unless {@code vedette.dashboard.enabled=false}. It is closed by default: a Spring Security user
 * with {@code vedette.dashboard.role} when the application has a {@code SecurityFilterChain}, else
 * the holder of {@code vedette.dashboard.token}; with neither it answers 404 and logs one WARN line
 * at startup (see {@link DashboardAccess}).
 *
 * <p>Uses the application's {@link Analytics} bean if there is exactly one, else {@link
 * Monitor#analytics()}.
 */
@AutoConfiguration(after = VedetteAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, SseEmitter.class, FilterRegistrationBean.class})
@ConditionalOnBean(Monitor.class)
@ConditionalOnBooleanProperty(name = "vedette.dashboard.enabled", matchIfMissing = true)
@EnableConfigurationProperties({VedetteProperties.class, VedetteDashboardProperties.class})
public class VedetteDashboardAutoConfiguration {
    /** Order of the dashboard filter: after Spring Security's filter chain (order -100). */
    public static final int FILTER_ORDER = 0;

    /** Creates the configuration; Spring calls this. */
    public VedetteDashboardAutoConfiguration() {}

    @Bean
    DashboardSettings vedetteDashboardSettings(VedetteProperties vedette, VedetteDashboardProperties dashboard) {
        try {
            return DashboardSettings.of(
                    vedette.dashboard().basePath(), vedette.dashboard().token(), dashboard);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "invalid" : e.getMessage();
            String property =
                    message.startsWith("vedette.") ? message.substring(0, message.indexOf(' ')) : "vedette.dashboard";
            Object value = property.equals("vedette.dashboard.token") ? "(hidden)" : message;
            throw new InvalidConfigurationPropertyValueException(property, value, message);
        }
    }

    @Bean
    DashboardAccess vedetteDashboardAccess(
            DashboardSettings settings, ListableBeanFactory beans, Monitor monitor, Environment environment) {
        boolean ingest = environment.getProperty("vedette.ingest.enabled", Boolean.class, false);
        return new DashboardAccess(settings, beans, monitor.clock(), ingest ? monitor.apiKeys() : null);
    }

    /** The API keys of the ingest API, when it is on. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "vedette.ingest.enabled")
    static class Keys {
        @Bean
        DashboardKeysApi vedetteDashboardKeysApi(Monitor monitor) {
            return new DashboardKeysApi(monitor);
        }
    }

    @Bean
    FilterRegistrationBean<DashboardFilter> vedetteDashboardFilter(DashboardAccess access, Monitor monitor) {
        FilterRegistrationBean<DashboardFilter> registration =
                new FilterRegistrationBean<>(new DashboardFilter(access, monitor.clock()));
        registration.setName("vedetteDashboardFilter");
        // every path: the filter decides from the decoded path, so that no spelling of the base path slips past
        registration.addUrlPatterns("/*");
        registration.setOrder(FILTER_ORDER);
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean
    DashboardConfigurer vedetteDashboardConfigurer(DashboardSettings settings) {
        return new DashboardConfigurer(settings.basePath());
    }

    @Bean
    DashboardViews vedetteDashboardViews(DashboardSettings settings) {
        return new DashboardViews(settings.maskEmails());
    }

    @Bean
    DashboardProblems vedetteDashboardProblems() {
        return new DashboardProblems();
    }

    @Bean
    DashboardSessionApi vedetteDashboardSessionApi(
            Monitor monitor, ObjectProvider<Analytics> analytics, DashboardSettings settings, DashboardAccess access) {
        String zone = DashboardViews.browserZone(analytics(monitor, analytics).zone());
        return new DashboardSessionApi(monitor, settings, access, zone);
    }

    @Bean
    DashboardOverviewApi vedetteDashboardOverviewApi(Monitor monitor, ObjectProvider<Analytics> analytics) {
        return new DashboardOverviewApi(monitor, analytics(monitor, analytics));
    }

    @Bean
    DashboardTransactionsApi vedetteDashboardTransactionsApi(
            Monitor monitor, ObjectProvider<Analytics> analytics, DashboardViews views) {
        return new DashboardTransactionsApi(monitor, views, params(monitor, analytics));
    }

    @Bean
    DashboardHealthApi vedetteDashboardHealthApi(Monitor monitor) {
        return new DashboardHealthApi(monitor);
    }

    @Bean
    DashboardErrorsApi vedetteDashboardErrorsApi(
            Monitor monitor, ObjectProvider<Analytics> analytics, DashboardViews views) {
        return new DashboardErrorsApi(monitor, views, params(monitor, analytics));
    }

    @Bean
    DashboardAlertsApi vedetteDashboardAlertsApi(Monitor monitor) {
        return new DashboardAlertsApi(monitor);
    }

    @Bean
    DashboardAnalyticsApi vedetteDashboardAnalyticsApi(
            Monitor monitor, ObjectProvider<Analytics> analytics, DashboardSettings settings) {
        return new DashboardAnalyticsApi(monitor, analytics(monitor, analytics), settings.funnelSteps());
    }

    @Bean
    DashboardReportsApi vedetteDashboardReportsApi(
            Monitor monitor, ObjectProvider<Analytics> analytics, DashboardViews views) {
        return new DashboardReportsApi(monitor, analytics(monitor, analytics), views, params(monitor, analytics));
    }

    private static Analytics analytics(Monitor monitor, ObjectProvider<Analytics> analytics) {
        return analytics.getIfUnique(monitor::analytics);
    }

    private static DashboardParams params(Monitor monitor, ObjectProvider<Analytics> analytics) {
        return new DashboardParams(analytics(monitor, analytics).zone());
    }

    @Bean
    DashboardPageController vedetteDashboardPages(DashboardSettings settings, DashboardAccess access) {
        return new DashboardPageController(settings.basePath(), access);
    }

    @Bean
    DashboardEventStream vedetteDashboardEvents(Monitor monitor, DashboardSettings settings, DashboardViews views) {
        return new DashboardEventStream(monitor, settings, views);
    }
}
