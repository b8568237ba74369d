package dev.vedette.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.docs.DocsTree.CodeBlock;
import dev.vedette.spring.VedetteProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * Every {@code ```properties} and {@code ```yaml} block of README.md and docs/ is bound to {@link
 * VedetteProperties} and started with Vedette's auto-configuration in a servlet application: a key
 * the starter does not take, or a value it rejects (a rule setting that does not exist, a route to
 * a channel that is not configured), fails here. Placeholders such as {@code ${SLACK_WEBHOOK_URL}}
 * get a well-formed stand-in. {@link DocsCodeBlocksTest} checks the property names.
 */
class DocsPropertiesStartTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private static final WebApplicationContextRunner RUNNER = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration.class,
                    org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration
                            .class))
            .withConfiguration(AutoConfigurations.of(
                    dev.vedette.spring.VedetteStoreAutoConfiguration.class,
                    dev.vedette.spring.VedetteNotifiersAutoConfiguration.class,
                    dev.vedette.spring.VedetteAutoConfiguration.class,
                    dev.vedette.spring.VedetteHealthAutoConfiguration.class,
                    dev.vedette.spring.VedetteWebAutoConfiguration.class,
                    dev.vedette.spring.dashboard.VedetteDashboardAutoConfiguration.class,
                    dev.vedette.spring.ingest.VedetteIngestAutoConfiguration.class));

    @TestFactory
    Stream<DynamicTest> everyPropertiesAndYamlBlockStartsTheAutoConfiguration() {
        List<CodeBlock> blocks = DocsTree.locate().codeBlocks().stream()
                .filter(b -> Set.of("properties", "yaml", "yml").contains(b.language()))
                .toList();
        assertThat(blocks).as("properties/yaml blocks in the docs").isNotEmpty();

        return blocks.stream().map(b -> DynamicTest.dynamicTest(b + " (" + b.language() + ")", () -> start(b)));
    }

    private static void start(CodeBlock block) {
        List<PropertySource<?>> sources = load(block);
        RUNNER.withInitializer(context -> {
                    var env = context.getEnvironment().getPropertySources();
                    env.addFirst(new MapPropertySource("placeholders of " + block, placeholders(block.code())));
                    sources.forEach(env::addFirst);
                })
                .run(context -> {
                    assertThat(context.getStartupFailure())
                            .as("%s does not start Vedette", block)
                            .isNull();
                    assertThat(context).hasSingleBean(VedetteProperties.class).hasSingleBean(Monitor.class);
                });
    }

    private static List<PropertySource<?>> load(CodeBlock block) {
        ByteArrayResource resource = new ByteArrayResource(block.code().getBytes(StandardCharsets.UTF_8));
        try {
            return block.language().equals("properties")
                    ? new PropertiesPropertySourceLoader().load(block.toString(), resource)
                    : new YamlPropertySourceLoader().load(block.toString(), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A well-formed value for every {@code ${NAME}} of the block: a URL, or a 32-character secret. */
    static Map<String, Object> placeholders(String code) {
        Map<String, Object> values = new TreeMap<>();
        Matcher m = PLACEHOLDER.matcher(code);
        while (m.find()) {
            String name = m.group(1);
            values.put(
                    name,
                    name.toUpperCase(java.util.Locale.ROOT).contains("URL")
                            ? "https://hooks.example.com/services/T000/B000/docs"
                            : name.toUpperCase(java.util.Locale.ROOT).contains("INGEST_KEY")
                                    ? "vk_Docs0000_docs0123456789abcdef0123456789ab"
                                    : "docs0123456789abcdef0123456789ab");
        }
        return values;
    }

    @Test
    void aRuleSettingThatDoesNotExistFailsStartup() {
        CodeBlock wrong = new CodeBlock(
                "test",
                1,
                "yaml",
                "vedette:\n  rules:\n    - type: failure-count\n      properties:\n        threshold: 5\n");

        RUNNER.withInitializer(
                        context -> load(wrong).forEach(context.getEnvironment().getPropertySources()::addFirst))
                .run(context -> assertThat(context.getStartupFailure()).isNotNull());
    }

    @Test
    void placeholdersGetAUrlOrASecret() {
        assertThat(placeholders("a=${SLACK_WEBHOOK_URL}\nb=${VEDETTE_DASHBOARD_TOKEN}"))
                .containsEntry("SLACK_WEBHOOK_URL", "https://hooks.example.com/services/T000/B000/docs")
                .containsEntry("VEDETTE_DASHBOARD_TOKEN", "docs0123456789abcdef0123456789ab");
    }
}
