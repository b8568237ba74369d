package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class VedetteHealthAutoConfigurationTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class))
            .withConfiguration(VedetteAutoConfigurationTests.ALL)
            .withPropertyValues(
                    "vedette.checks.disk-space.enabled=false",
                    "vedette.checks.jvm-heap.enabled=false",
                    "vedette.checks.deadlocks.enabled=false");

    @Test
    void vedetteIsAHealthContributorThatReportsThePipelineAndDeliveries() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(VedetteHealthIndicator.class);
            HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
            Health health = ((HealthIndicator) registry.getContributor("vedette")).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKeys("pipeline", "deadDeliveries", "components", "store");
        });
    }

    @Test
    void theIndicatorIsDownWhileTheStoreIsUnreachableAndAlertsRunFromMemory() {
        java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
        dev.vedette.store.InMemoryStore backing = new dev.vedette.store.InMemoryStore();
        dev.vedette.store.Store switchable = (dev.vedette.store.Store) java.lang.reflect.Proxy.newProxyInstance(
                dev.vedette.store.Store.class.getClassLoader(),
                new Class<?>[] {dev.vedette.store.Store.class},
                (proxy, method, args) -> {
                    if (cut.get() && !method.getName().equals("close")) {
                        throw new dev.vedette.store.StoreException(method.getName() + " failed (SQLState 08001)");
                    }
                    try {
                        return method.invoke(backing, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        runner.withBean(dev.vedette.store.Store.class, () -> switchable).run(context -> {
            HealthIndicator vedette = (HealthIndicator)
                    context.getBean(HealthContributorRegistry.class).getContributor("vedette");
            assertThat(vedette.health().getStatus()).isEqualTo(Status.UP);

            cut.set(true);
            context.getBean(Monitor.class)
                    .raiseAlert(
                            dev.vedette.model.Alert.critical("Checkout failing").build());
            Health health = vedette.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("alertsFromMemory", true);
            assertThat(String.valueOf(health.getDetails().get("storeError")))
                    .startsWith("unreachable since ")
                    .endsWith("failed (SQLState 08001)");
            cut.set(false);
        });
    }

    @Test
    void theIndicatorCanBeSwitchedOffWithManagementHealthVedetteEnabled() {
        runner.withPropertyValues("management.health.vedette.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(VedetteHealthIndicator.class));
    }

    @Test
    void includedActuatorContributorsBecomeVedetteChecks() {
        runner.withUserConfiguration(Gateway.class)
                .withPropertyValues("vedette.checks.actuator.include=paymentGateway")
                .run(context -> {
                    Map<String, HealthReport> reports = context.getBean(Monitor.class).runChecks().reports().stream()
                            .collect(java.util.stream.Collectors.toMap(HealthReport::component, r -> r));
                    assertThat(reports).containsOnlyKeys("paymentGateway");
                    assertThat(reports.get("paymentGateway").status()).isEqualTo(HealthStatus.DOWN);
                    assertThat(reports.get("paymentGateway").message()).contains("paymentGateway is DOWN");
                });
    }

    @Test
    void includeStarRunsEveryContributorButVedettesOwn() {
        runner.withUserConfiguration(Gateway.class)
                .withPropertyValues("vedette.checks.actuator.include=*")
                .run(context -> assertThat(
                                context.getBean(Monitor.class).runChecks().reports())
                        .extracting(HealthReport::component)
                        .contains("paymentGateway", "ping")
                        .doesNotContain("vedette"));
    }

    @Test
    void withoutSpringBootHealthTheMonitorStillStarts() {
        new ApplicationContextRunner()
                .withConfiguration(VedetteAutoConfigurationTests.ALL)
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(Monitor.class)
                        .doesNotHaveBean(VedetteHealthIndicator.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class Gateway {
        @Bean
        HealthIndicator paymentGatewayHealthIndicator() {
            return () -> Health.down().withDetail("reason", "timeout").build();
        }
    }
}
