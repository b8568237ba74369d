package dev.vedette.docs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import dev.vedette.docs.DocsTree.CodeBlock;
import dev.vedette.docs.DocsTree.Link;
import dev.vedette.docs.SnippetCompiler.Result;
import dev.vedette.docs.SnippetCompiler.Shape;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.context.properties.bind.Name;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every code block in README.md and docs/**.md is checked, so the docs cannot rot:
 *
 * <ul>
 *   <li>{@code ```java} blocks are compiled with javac ({@code --release 21}) against this
 *       module's test classpath, which holds every Vedette module and Spring Boot. A block with a
 *       package or imports compiles as written; a type declaration without imports gets the
 *       standard imports ({@link SnippetCompiler#IMPORTS}: the Vedette packages, java.io, math,
 *       net, nio.file, time, util, DataSource, Spring's {@code @Bean} and {@code @Service}, Spring Security's {@code HttpSecurity},
 *       {@code SecurityFilterChain} and {@code Customizer}, and
 *       AssertJ's {@code assertThat}); methods ({@code @Bean ...}) are put in a class; anything
 *       else is put in a method. A fragment may use the host's conventional variables declared
 *       in {@link SnippetScope} ({@code monitor}, {@code store}, {@code dataSource}, {@code
 *       clock}, {@code registry}, {@code log}, {@code slack}/{@code email}/{@code pagerDuty}/{@code
 *       sms}, {@code from}/{@code to}, {@code orderId}, ...) and its stand-in types ({@code
 *       Order}, {@code Redis}, {@code ProviderEvent}); a block that declares one of those names
 *       itself shadows it. Use of deprecated API fails too.
 *   <li>{@code ```properties} and {@code ```yaml} blocks name only {@code vedette.*} properties
 *       that exist in the starter's configuration metadata (list indexes and map keys allowed).
 *   <li>{@code ```xml} blocks: a Logback configuration loads without a warning; a Maven
 *       fragment names only artifacts of this build.
 *   <li>Every relative link points to an existing file, and every page under docs/ is reachable
 *       from README.md through links.
 * </ul>
 *
 * The notifier pages' examples are also run by {@code ChannelDocsExamplesTest} in the notifiers
 * module; this test checks the pages themselves.
 */
class DocsCodeBlocksTest {
    private static final DocsTree DOCS = DocsTree.locate();

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompiles() {
        List<CodeBlock> java = DOCS.codeBlocks().stream()
                .filter(b -> b.language().equals("java"))
                .toList();
        assertThat(java).as("java blocks of README.md").anyMatch(b -> b.page().equals("README.md"));

        return SnippetCompiler.compile(java).stream()
                .map(r -> DynamicTest.dynamicTest(
                        r.block() + " (" + r.shape() + ")",
                        () -> assertThat(r.errors())
                                .as(
                                        "%s, a ```java block compiled as %s, does not compile:%n%s",
                                        r.block(), r.shape(), String.join("\n", r.errors()))
                                .isEmpty()));
    }

    @TestFactory
    Stream<DynamicTest> everyPropertyInPropertiesAndYamlBlocksExists() {
        KnownProperties known = KnownProperties.load();
        List<CodeBlock> blocks = DOCS.codeBlocks().stream()
                .filter(b -> Set.of("properties", "yaml", "yml").contains(b.language()))
                .toList();
        assertThat(blocks).as("properties/yaml blocks in the docs").isNotEmpty();

        return blocks.stream()
                .map(b -> DynamicTest.dynamicTest(b + " (" + b.language() + ")", () -> {
                    Set<String> keys =
                            b.language().equals("properties") ? propertiesKeys(b.code()) : yamlKeys(b.code());
                    assertThat(keys).as("vedette.* keys of %s", b).isNotEmpty();
                    assertThat(keys.stream().filter(k -> !known.contains(k)))
                            .as("%s names properties the starter does not bind", b)
                            .isEmpty();
                }));
    }

    /**
     * A Logback configuration ({@code <configuration>}) is loaded by Logback and must leave no
     * warning or error, so a renamed appender property fails; any other XML block is a Maven
     * fragment whose {@code dev.vedette} artifacts must be modules of this build.
     */
    @TestFactory
    Stream<DynamicTest> everyXmlBlockIsUsable() {
        Set<String> modules = moduleArtifactIds();
        List<CodeBlock> blocks = DOCS.codeBlocks().stream()
                .filter(b -> b.language().equals("xml"))
                .toList();
        assertThat(blocks).as("xml blocks in the docs").isNotEmpty();

        return blocks.stream()
                .map(b -> DynamicTest.dynamicTest(b + " (xml)", () -> {
                    if (b.code().strip().startsWith("<configuration")) {
                        assertThat(logbackProblems(b.code()))
                                .as("%s: what Logback reports loading it", b)
                                .isEmpty();
                    } else {
                        Document pom = xml("<fragment>" + b.code() + "</fragment>");
                        NodeList artifacts = pom.getElementsByTagName("artifactId");
                        List<String> ours = new ArrayList<>();
                        for (int i = 0; i < artifacts.getLength(); i++) {
                            Node groupId = ((Element) artifacts.item(i).getParentNode())
                                    .getElementsByTagName("groupId")
                                    .item(0);
                            if (groupId != null && groupId.getTextContent().equals("dev.vedette")) {
                                ours.add(artifacts.item(i).getTextContent().strip());
                            }
                        }
                        assertThat(ours)
                                .as("dev.vedette artifacts of %s", b)
                                .isNotEmpty()
                                .isSubsetOf(modules);
                    }
                }));
    }

    @Test
    void everyRelativeLinkPointsToAFile() {
        List<Link> links = DOCS.links();
        assertThat(links).as("links in the docs").isNotEmpty();

        assertThat(links.stream()
                        .filter(Link::isRelative)
                        .filter(l -> !Files.exists(l.resolveIn(DOCS.root())))
                        .map(l -> l.page() + ":" + l.line() + " -> " + l.target()))
                .as("relative links to missing files")
                .isEmpty();
    }

    @Test
    void everyDocsPageIsReachableFromTheReadme() {
        Map<String, List<String>> linksByPage = DOCS.links().stream()
                .filter(Link::isRelative)
                .filter(l -> l.target().replaceAll("#.*", "").endsWith(".md"))
                .collect(Collectors.groupingBy(
                        Link::page,
                        TreeMap::new,
                        Collectors.mapping(
                                l -> DOCS.root()
                                        .relativize(l.resolveIn(DOCS.root()))
                                        .toString()
                                        .replace('\\', '/'),
                                Collectors.toList())));
        Set<String> reached = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of("README.md"));
        while (!todo.isEmpty()) {
            String page = todo.pop();
            if (reached.add(page)) {
                todo.addAll(linksByPage.getOrDefault(page, List.of()));
            }
        }

        assertThat(reached).as("pages reachable from README.md").contains("docs/alerting.md");
        assertThat(DOCS.pages())
                .as("docs pages no link from README.md leads to")
                .isSubsetOf(reached);
    }

    /**
     * The checker itself: a wrong block fails with its page, line and javac's message, and a
     * syntax error in one block does not hide another block's errors, and deprecated API fails.
     */
    @Test
    void aBlockThatDoesNotCompileIsReportedAtItsPageAndLine() {
        String page = "intro\n\n```java\nmonitor.recordTransaction(Transaction.builder(orderId).build());\n"
                + "monitor.recordTransactoin(null);\n```\n\n```java\nMonitor.builder()...build();\n```\n"
                + "\n```java\nInteger boxed = new Integer(42);\n```\n";
        List<CodeBlock> blocks = DocsTree.codeBlocks("docs/x.md", page);

        List<Result> results = SnippetCompiler.compile(blocks);

        assertThat(results).hasSize(3);
        assertThat(results.get(0).shape()).isEqualTo(Shape.STATEMENTS);
        assertThat(results.get(0).errors())
                .singleElement()
                .asString()
                .startsWith("docs/x.md:5:")
                .contains("cannot find symbol")
                .contains("monitor.recordTransactoin(null);");
        assertThat(results.get(1).errors()).singleElement().asString().startsWith("docs/x.md:9:");
        assertThat(results.get(2).errors())
                .singleElement()
                .asString()
                .startsWith("docs/x.md:13:")
                .contains("deprecated");
    }

    @Test
    void blocksAreShapedByWhatTheyDeclare() {
        assertThat(SnippetCompiler.shapeOf("import java.util.List;\nclass A {}\n"))
                .isEqualTo(Shape.COMPILATION_UNIT);
        assertThat(SnippetCompiler.shapeOf("@Service\nclass Checkout {\n}\n")).isEqualTo(Shape.TYPE);
        assertThat(SnippetCompiler.shapeOf("@Bean\nVedetteMonitorCustomizer c() {\n  return b -> b;\n}\n"))
                .isEqualTo(Shape.MEMBERS);
        assertThat(SnippetCompiler.shapeOf("Monitor monitor = Monitor.builder().build();\n"))
                .isEqualTo(Shape.STATEMENTS);
        assertThat(SnippetCompiler.shapeOf("try (HealthCheckRunner r = new HealthCheckRunner(clock)) {\n}\n"))
                .isEqualTo(Shape.STATEMENTS);
    }

    @Test
    void unknownPropertiesAreCaughtAndListIndexesAndMapKeysAreNot() {
        KnownProperties known = KnownProperties.load();

        assertThat(known.contains("vedette.dashboard.token")).isTrue();
        assertThat(known.contains("vedette.rules[0].properties.threshold")).isTrue();
        assertThat(known.contains("vedette.alerting.routes[1].continue")).isTrue();
        assertThat(known.contains("vedette.notifiers.webhook.headers.Authorization"))
                .isTrue();
        assertThat(known.contains("vedette.notifiers.email.to[0]")).isTrue();
        assertThat(known.contains("vedette.ingest.keys[0].sha256")).isTrue();
        assertThat(known.contains("vedette.ingest.keys[0].secret")).isFalse();
        assertThat(known.contains("vedette.notifiers.slack.webhook")).isFalse();
        assertThat(known.contains("vedette.alerting.routes[0].continue-matching"))
                .isFalse();
        assertThat(yamlKeys("vedette:\n  rules:\n    - type: x\n      properties:\n        window: 5m\n"))
                .containsExactly("vedette.rules[].properties.window", "vedette.rules[].type");
    }

    private static List<String> logbackProblems(String configuration) throws Exception {
        LoggerContext context = new LoggerContext();
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(new ByteArrayInputStream(configuration.getBytes(StandardCharsets.UTF_8)));
            return context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(status -> status.getEffectiveLevel() >= Status.WARN)
                    .map(Status::toString)
                    .toList();
        } finally {
            context.stop();
        }
    }

    /** The artifactIds of the build's own pom.xml files. */
    private static Set<String> moduleArtifactIds() {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> poms = Files.walk(DOCS.root(), 3)) {
            for (Path pom : poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
                    .filter(p -> !p.toString().contains("target"))
                    .toList()) {
                Element project = xml(Files.readString(pom)).getDocumentElement();
                for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n.getNodeName().equals("artifactId")) {
                        ids.add(n.getTextContent().strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(ids).as("artifacts of this build").contains("vedette-core", "vedette-bom");
        return ids;
    }

    private static Document xml(String text) {
        try {
            return DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new InputSource(new StringReader(text)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
        }
    }

    @Test
    void aLogbackConfigurationWithAnUnknownAppenderPropertyIsReported() throws Exception {
        String appender = "<configuration><appender name=\"V\" class=\"dev.vedette.logback.VedetteAppender\">%s"
                + "</appender><root level=\"INFO\"><appender-ref ref=\"V\"/></root></configuration>";

        assertThat(logbackProblems(appender.formatted("<includeWarn>true</includeWarn>")))
                .isEmpty();
        assertThat(logbackProblems(appender.formatted("<includeWarnings>true</includeWarnings>")))
                .isNotEmpty();
    }

    private static Set<String> propertiesKeys(String code) {
        Set<String> keys = new TreeSet<>();
        for (String line : code.split("\n")) {
            String t = line.strip();
            if (t.startsWith("vedette.")) {
                keys.add(t.split("[=:\\s]", 2)[0]);
            }
        }
        return keys;
    }

    /** The dotted keys under {@code vedette}; a list's items are {@code key[]}. */
    static Set<String> yamlKeys(String code) {
        Set<String> keys = new TreeSet<>();
        for (Object document : new Yaml().loadAll(code)) {
            flatten("", document, keys);
        }
        keys.removeIf(k -> !k.startsWith("vedette."));
        return keys;
    }

    private static void flatten(String prefix, Object node, Set<String> keys) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, keys));
        } else if (node instanceof Collection<?> items && items.stream().anyMatch(i -> i instanceof Map<?, ?>)) {
            items.forEach(i -> flatten(prefix + "[]", i, keys));
        } else if (!prefix.isEmpty()) {
            keys.add(prefix);
        }
    }

    /**
     * The {@code vedette.*} properties in every {@code META-INF/spring-configuration-metadata.json}
     * on the classpath. The metadata stops at a list of records ({@code vedette.rules}); their
     * items' properties ({@code vedette.rules[].type}) are read from the record components, as the
     * binder does. Below a map-typed property any key is allowed.
     */
    private record KnownProperties(Set<String> names, Set<String> maps) {
        static KnownProperties load() {
            Set<String> names = new TreeSet<>();
            Set<String> maps = new TreeSet<>();
            try {
                Enumeration<URL> files = DocsCodeBlocksTest.class
                        .getClassLoader()
                        .getResources("META-INF/spring-configuration-metadata.json");
                JsonMapper json = JsonMapper.builder().build();
                while (files.hasMoreElements()) {
                    try (InputStream in = files.nextElement().openStream()) {
                        for (JsonNode p : json.readTree(in).path("properties")) {
                            String name = p.get("name").asString();
                            if (name.startsWith("vedette.")) {
                                add(name, p.path("type").asString(""), names, maps);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(names)
                    .as("vedette properties in the configuration metadata")
                    .contains("vedette.rules");
            return new KnownProperties(names, maps);
        }

        private static void add(String name, String type, Set<String> names, Set<String> maps) {
            names.add(name);
            if (type.startsWith("java.util.Map<")) {
                maps.add(name);
            } else if (type.startsWith("java.util.List<") || type.startsWith("java.util.Set<")) {
                names.add(name + "[]");
                String element = type.substring(type.indexOf('<') + 1, type.length() - 1);
                try {
                    Class<?> item = Class.forName(element, false, DocsCodeBlocksTest.class.getClassLoader());
                    if (item.isRecord()) {
                        addComponents(name + "[]", item, names, maps);
                    } else if (!item.getName().startsWith("java.")) {
                        addSetters(name + "[]", item, names);
                    }
                } catch (ClassNotFoundException notAClass) {
                    // a list of scalars: its items are name[]
                }
            }
        }

        private static void addComponents(String prefix, Class<?> record, Set<String> names, Set<String> maps) {
            RecordComponent[] components = record.getRecordComponents();
            java.lang.reflect.Parameter[] parameters = record.getDeclaredConstructors()[0].getParameters();
            for (int i = 0; i < components.length; i++) {
                Name renamed = parameters[i].getAnnotation(Name.class);
                String name = prefix + "." + (renamed != null ? renamed.value() : kebab(components[i].getName()));
                Type type = components[i].getGenericType();
                Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
                names.add(name);
                if (Map.class.isAssignableFrom(raw)) {
                    maps.add(name);
                } else if (Collection.class.isAssignableFrom(raw)) {
                    names.add(name + "[]");
                } else if (raw.isRecord()) {
                    addComponents(name, raw, names, maps);
                }
            }
        }

        /** The properties of a JavaBean list item ({@code vedette.ingest.keys[]}): its setters. */
        private static void addSetters(String prefix, Class<?> bean, Set<String> names) {
            for (java.lang.reflect.Method m : bean.getMethods()) {
                if (m.getName().length() > 3 && m.getName().startsWith("set") && m.getParameterCount() == 1) {
                    String property = Character.toLowerCase(m.getName().charAt(3))
                            + m.getName().substring(4);
                    names.add(prefix + "." + kebab(property));
                }
            }
        }

        private static String kebab(String camel) {
            return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }

        /** Whether {@code key} ({@code a.b[0].c} or {@code a.b[].c}) is bound. */
        boolean contains(String key) {
            String k = key.replaceAll("\\[\\d+]", "[]");
            if (names.contains(k)) {
                return true;
            }
            return maps.stream().anyMatch(m -> k.startsWith(m + "."));
        }
    }
}
