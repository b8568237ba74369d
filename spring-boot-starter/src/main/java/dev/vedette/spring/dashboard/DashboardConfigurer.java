package dev.vedette.spring.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import org.springframework.http.CacheControl;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.method.HandlerTypePredicate;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the dashboard's controllers under the base path and serves its static files ({@code
 * {base}/assets/**} from {@code classpath:/vedette-dashboard/assets/}, and the uPlot chart library
 * from its WebJar at {@code {base}/assets/uplot/**}), refuses requests routed to them that did
 * not pass {@link DashboardFilter} ({@link DashboardHandlerGuard}), and writes their JSON with
 * {@link DashboardJsonConverter}. The controllers are those marked {@link DashboardHandler}.
 */
final class DashboardConfigurer implements WebMvcConfigurer {
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private final String base;

    DashboardConfigurer(String base) {
        this.base = base;
    }

    @Override
    public void configurePathMatch(PathMatchConfigurer configurer) {
        configurer.addPathPrefix(base, HandlerTypePredicate.forAnnotation(DashboardHandler.class));
    }

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.addCustomConverter(new DashboardJsonConverter());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new DashboardHandlerGuard(base));
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        CacheControl cache = CacheControl.maxAge(Duration.ofMinutes(10)).cachePrivate();
        registry.addResourceHandler(base + "/assets/uplot/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/")
                .setCacheControl(cache);
        registry.addResourceHandler(base + "/assets/**")
                .addResourceLocations("classpath:/vedette-dashboard/assets/")
                .setCacheControl(cache);
    }

    static String uplotVersion() {
        try (InputStream in = DashboardConfigurer.class.getClassLoader().getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the uPlot WebJar (org.webjars.npm:uplot) is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
