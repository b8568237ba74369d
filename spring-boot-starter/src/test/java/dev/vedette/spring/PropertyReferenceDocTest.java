package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.spring.ingest.VedetteIngestProperties;
import java.io.InputStream;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Name;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** docs/spring-boot.md documents exactly the properties the starter binds. */
class PropertyReferenceDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(vedette\\.[^`]+)` \\|", Pattern.MULTILINE);
    private static final Map<String, Class<?>> LIST_ITEMS = Map.of(
            "vedette.alerting.routes[]", VedetteProperties.RouteProperties.class,
            "vedette.checks.http[]", VedetteProperties.HttpCheckProperties.class,
            "vedette.checks.tcp[]", VedetteProperties.TcpCheckProperties.class,
            "vedette.rules[]", VedetteProperties.RuleProperties.class);

    @Test
    void everyDocumentedPropertyIsBoundAndEveryBoundPropertyIsDocumented() throws Exception {
        Set<String> documented = documented();
        Set<String> bound = new TreeSet<>(metadata());
        for (String item : List.of("name", "scope", "key", "sha256")) {
            bound.add("vedette.ingest.keys[]." + item); // VedetteIngestProperties.Key, a JavaBean
        }
        LIST_ITEMS.forEach((prefix, type) -> {
            RecordComponent[] components = type.getRecordComponents();
            Parameter[] parameters = type.getDeclaredConstructors()[0].getParameters();
            for (int i = 0; i < components.length; i++) {
                Name name = parameters[i].getAnnotation(Name.class);
                bound.add(prefix + "." + (name != null ? name.value() : kebab(components[i].getName())));
            }
        });

        assertThat(documented).as("documented but not bound").isSubsetOf(bound);
        assertThat(bound).as("bound but not documented").isSubsetOf(documented);
    }

    private static Set<String> documented() throws Exception {
        Path doc = Path.of("..", "docs", "spring-boot.md");
        String text = Files.readString(doc);
        Matcher m = ROW.matcher(text.substring(text.indexOf("## Property reference")));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The properties of {@link VedetteProperties} and {@link VedetteLoggingProperties} in the
     * metadata the configuration processor wrote (the dashboard's own are in docs/dashboard.md).
     */
    private static Set<String> metadata() throws Exception {
        URL classes =
                VedetteProperties.class.getProtectionDomain().getCodeSource().getLocation();
        Path file = Path.of(classes.toURI()).resolve("META-INF/spring-configuration-metadata.json");
        Set<String> names = new TreeSet<>();
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            for (JsonNode p : root.get("properties")) {
                String source = p.path("sourceType").asString("");
                if (source.startsWith(VedetteProperties.class.getName())
                        || source.startsWith(VedetteLoggingProperties.class.getName())
                        || source.startsWith(VedetteIngestProperties.class.getName())) {
                    names.add(p.get("name").asString());
                }
            }
        }
        return Collections.unmodifiableSet(names);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
