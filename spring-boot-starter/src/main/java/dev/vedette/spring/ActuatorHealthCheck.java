package dev.vedette.spring;

import dev.vedette.health.HealthCheck;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * A Spring Boot health contributor run as a Vedette check under the contributor's name. The
 * contributor is looked up in the registry at each run; a composite reports the worst of its
 * members. Boot's statuses map to Vedette's: UP to UP, DOWN and OUT_OF_SERVICE to DOWN, anything
 * else to UNKNOWN. The response time is measured by the check runner.
 */
final class ActuatorHealthCheck implements HealthCheck {
    private final String name;
    private final HealthContributors registry;
    private final Duration interval;
    private final Duration timeout;

    ActuatorHealthCheck(String name, HealthContributors registry, Duration interval, Duration timeout) {
        this.name = name;
        this.registry = registry;
        this.interval = interval;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public HealthReport check() {
        long started = System.nanoTime();
        HealthContributor contributor = registry.getContributor(name);
        if (contributor == null) {
            return HealthReport.unknown(name, "no Actuator health contributor named '" + name + "'");
        }
        List<String> down = new ArrayList<>();
        HealthStatus status = evaluate(name, contributor, down);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String message = down.isEmpty() ? null : String.join(", ", down);
        return HealthReport.builder(name, status)
                .responseTime(took)
                .message(message)
                .details(Map.of("source", "actuator"))
                .build();
    }

    private static HealthStatus evaluate(String path, HealthContributor contributor, List<String> notUp) {
        if (contributor instanceof HealthIndicator indicator) {
            Health health = indicator.health(false);
            HealthStatus s = map(health.getStatus());
            if (!s.equals(HealthStatus.UP)) {
                notUp.add(path + " is " + health.getStatus().getCode());
            }
            return s;
        }
        if (contributor instanceof CompositeHealthContributor composite) {
            List<HealthStatus> statuses = new ArrayList<>();
            composite.stream().forEach(e -> statuses.add(evaluate(path + "/" + e.name(), e.contributor(), notUp)));
            return HealthStatus.worst(statuses);
        }
        notUp.add(path + " is not a blocking health contributor");
        return HealthStatus.UNKNOWN;
    }

    private static HealthStatus map(Status status) {
        if (Status.UP.equals(status)) {
            return HealthStatus.UP;
        }
        if (Status.DOWN.equals(status) || Status.OUT_OF_SERVICE.equals(status)) {
            return HealthStatus.DOWN;
        }
        return HealthStatus.UNKNOWN;
    }
}
