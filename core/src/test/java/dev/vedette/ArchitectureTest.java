package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.PackageGraph.Edge;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Data flows one way through core's packages: the facade on top, {@code model} at the bottom, and
 * no cycle between. These tests read core's own class files ({@link PackageGraph}) and name the
 * classes behind each edge that breaks a rule.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.vedette";
    /** Besides the facade itself, only the integrations that wrap a whole monitor may see it. */
    private static final Set<String> MAY_USE_ROOT = Set.of(ROOT, ROOT + ".micrometer", ROOT + ".logback");

    private static final PackageGraph CORE = PackageGraph.read(Monitor.class, ROOT);

    @Test
    void readsEveryPackageOfCore() {
        assertThat(CORE.classCount()).isGreaterThan(100);
        assertThat(CORE.packages())
                .contains(ROOT, ROOT + ".model", ROOT + ".store", ROOT + ".alerting", ROOT + ".internal");
        assertThat(CORE.edges()).anyMatch(e -> e.from().equals(ROOT) && e.to().equals(ROOT + ".model"));
    }

    @Test
    void corePackagesFormNoCycle() {
        List<Set<String>> cycles = CORE.cycles();

        assertThat(cycles)
                .as(() -> cycles.stream().map(this::describeCycle).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Test
    void onlyTheFacadeMicrometerAndLogbackDependOnTheRootPackage() {
        List<Edge> intoRoot = CORE.edges().stream()
                .filter(e -> e.to().equals(ROOT) && !MAY_USE_ROOT.contains(e.from()))
                .toList();

        assertThat(intoRoot).as(() -> describe(intoRoot)).isEmpty();
    }

    @Test
    void modelDependsOnNoOtherVedettePackageButInternal() {
        List<Edge> fromModel = CORE.edges().stream()
                .filter(e -> e.from().equals(ROOT + ".model") && !e.to().equals(ROOT + ".internal"))
                .toList();

        assertThat(fromModel).as(() -> describe(fromModel)).isEmpty();
    }

    private String describeCycle(Set<String> cycle) {
        List<Edge> inside = CORE.edges().stream()
                .filter(e -> cycle.contains(e.from()) && cycle.contains(e.to()))
                .toList();
        return "packages " + cycle + " form a cycle:\n" + describe(inside);
    }

    private static String describe(List<Edge> edges) {
        return edges.stream()
                .map(e -> "  " + e.from() + " -> " + e.to() + " because of " + e.classes())
                .collect(Collectors.joining("\n"));
    }
}
