package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.store.LogQuery;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class VedetteLoggingAutoConfigurationTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    VedetteStoreAutoConfiguration.class,
                    VedetteNotifiersAutoConfiguration.class,
                    VedetteAutoConfiguration.class,
                    VedetteLoggingAutoConfiguration.class));

    @Test
    void appenderIsOffByDefault() {
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(VedetteLoggingAutoConfiguration.AttachedAppender.class));
    }

    @Test
    void enabledAppenderRecordsApplicationErrorsAndDetachesOnClose() {
        VedetteLoggingAutoConfiguration.AttachedAppender[] seen =
                new VedetteLoggingAutoConfiguration.AttachedAppender[1];
        runner.withPropertyValues("vedette.logging.appender.enabled=true", "vedette.logging.appender.include-warn=true")
                .run(ctx -> {
                    seen[0] = ctx.getBean(VedetteLoggingAutoConfiguration.AttachedAppender.class);
                    assertThat(seen[0].attached()).isTrue();
                    Monitor monitor = ctx.getBean(Monitor.class);

                    var log = LoggerFactory.getLogger("com.shop.Checkout");
                    log.error("capture failed for order 42", new IllegalStateException("provider said no"));
                    log.warn("slow capture");
                    log.info("not recorded");
                    monitor.flush(Duration.ofSeconds(5));

                    assertThat(monitor.errors().logs(LogQuery.recent(10)).items())
                            .extracting(l -> l.entry().message())
                            .contains("capture failed for order 42", "slow capture")
                            .doesNotContain("not recorded");
                    assertThat(monitor.errors().groups(Set.of(), 10, null).items())
                            .anySatisfy(g -> assertThat(g.type()).isEqualTo("java.lang.IllegalStateException"));
                });
        assertThat(seen[0].attached()).as("detached when the context closes").isFalse();
    }
}
