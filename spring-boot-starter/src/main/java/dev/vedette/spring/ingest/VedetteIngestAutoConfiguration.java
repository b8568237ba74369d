package dev.vedette.spring.ingest;

import dev.vedette.Monitor;
import dev.vedette.model.ApiKey;
import dev.vedette.spring.VedetteAutoConfiguration;
import dev.vedette.spring.VedetteMonitorCustomizer;
import dev.vedette.spring.VedetteProperties;
import dev.vedette.spring.dashboard.VedetteDashboardAutoConfiguration;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The HTTP ingest API under {@code <vedette.dashboard.base-path>/ingest/v1}, in a servlet web
 * application with a {@link Monitor} bean, when {@code vedette.ingest.enabled=true}. Registers the
 * {@link IngestFilter} ahead of the dashboard's filter, adds the keys from {@code
 * vedette.ingest.keys}, and sets the monitor's key refresh interval. With the dashboard on, admin
 * keys also open the dashboard's JSON API, and the dashboard serves {@code /api/keys}.
 */
@AutoConfiguration(after = VedetteAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({FilterRegistrationBean.class, OncePerRequestFilter.class})
@ConditionalOnBean(Monitor.class)
@ConditionalOnBooleanProperty(name = "vedette.ingest.enabled")
@EnableConfigurationProperties({VedetteProperties.class, VedetteIngestProperties.class})
public class VedetteIngestAutoConfiguration {
    /** Order of the ingest filter: before the dashboard's. */
    public static final int FILTER_ORDER = VedetteDashboardAutoConfiguration.FILTER_ORDER - 1;

    /** Creates the configuration; Spring calls this. */
    public VedetteIngestAutoConfiguration() {}

    @Bean
    VedetteMonitorCustomizer vedetteIngestKeyRefresh(VedetteIngestProperties ingest) {
        return builder -> {
            try {
                builder.apiKeyRefresh(ingest.getKeyRefresh());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationPropertyValueException(
                        "vedette.ingest.key-refresh", ingest.getKeyRefresh(), "must be positive");
            }
        };
    }

    @Bean
    FilterRegistrationBean<IngestFilter> vedetteIngestFilter(
            Monitor monitor, VedetteProperties vedette, VedetteIngestProperties ingest) {
        configureKeys(monitor, ingest.getKeys());
        if (ingest.getMaxBodyBytes() < 1024) {
            throw new InvalidConfigurationPropertyValueException(
                    "vedette.ingest.max-body-bytes", ingest.getMaxBodyBytes(), "must be at least 1024");
        }
        KeyRateLimiter rate;
        try {
            rate = new KeyRateLimiter(
                    monitor.clock(),
                    ingest.getRate().getRequestsPerSecond(),
                    ingest.getRate().getBurst());
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String property = message.substring(0, message.indexOf(' '));
            Object value = property.endsWith("burst")
                    ? ingest.getRate().getBurst()
                    : ingest.getRate().getRequestsPerSecond();
            throw new InvalidConfigurationPropertyValueException(property, value, message);
        }
        FilterRegistrationBean<IngestFilter> registration = new FilterRegistrationBean<>(
                new IngestFilter(monitor, basePath(vedette.dashboard().basePath()), rate, ingest.getMaxBodyBytes()));
        registration.setName("vedetteIngestFilter");
        registration.addUrlPatterns("/*");
        registration.setOrder(FILTER_ORDER);
        return registration;
    }

    /** The ingest API's base path below the dashboard's, e.g. {@code /vedette/ingest/v1}. */
    static String basePath(String dashboardBase) {
        String p = dashboardBase == null ? "/vedette" : dashboardBase.trim();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p + "/ingest/v1";
    }

    private static void configureKeys(Monitor monitor, List<VedetteIngestProperties.Key> keys) {
        for (int i = 0; i < keys.size(); i++) {
            VedetteIngestProperties.Key k = keys.get(i);
            String prefix = "vedette.ingest.keys[" + i + "]";
            ApiKey.Scope scope;
            try {
                scope = ApiKey.Scope.of(k.getScope());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationPropertyValueException(prefix + ".scope", k.getScope(), e.getMessage());
            }
            String name = k.getName() == null ? "key-" + i : k.getName();
            try {
                monitor.apiKeys().configure(name, scope, k.getKey(), k.getSha256());
            } catch (IllegalArgumentException e) {
                String property = k.getKey() != null ? prefix + ".key" : prefix + ".sha256";
                throw new InvalidConfigurationPropertyValueException(property, "(hidden)", e.getMessage());
            }
        }
    }
}
