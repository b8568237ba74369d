package dev.vedette.docs;

import dev.vedette.docs.DocsTree.CodeBlock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles {@code ```java} blocks of the docs in-process with the JDK's compiler, against the
 * classpath of the running JVM and {@code --release 21}, and reports each block's errors at their
 * page and line. Nothing is written: class files are discarded.
 *
 * <p>A block is compiled as one of four {@link Shape shapes}: a whole compilation unit as written;
 * a type declaration without imports, given the {@linkplain #IMPORTS standard imports}; class
 * members ({@code @Bean} methods), put in a class; or statements, put in a method. Every block
 * gets a package of its own, so two pages may both declare a {@code Checkout}. Fragments live in
 * a class that extends {@link SnippetScope}, which declares the variables a fragment may use.
 */
final class SnippetCompiler {
    /**
     * What a reader is assumed to have imported: every Vedette API package, the JDK packages the
     * docs use, and the Spring annotations of the Spring Boot page. Keep it to names a reader's
     * IDE would add without a choice; a snippet that needs more imports them itself.
     */
    static final List<String> IMPORTS = List.of(
            "dev.vedette.*",
            "dev.vedette.alerting.*",
            "dev.vedette.analytics.*",
            "dev.vedette.errors.*",
            "dev.vedette.health.*",
            "dev.vedette.jdbc.*",
            "dev.vedette.logback.*",
            "dev.vedette.micrometer.*",
            "dev.vedette.model.*",
            "dev.vedette.notifiers.*",
            "dev.vedette.rules.*",
            "dev.vedette.spring.*",
            "dev.vedette.store.*",
            "dev.vedette.test.*",
            "java.io.*",
            "java.math.*",
            "java.net.*",
            "java.nio.file.*",
            "java.time.*",
            "java.util.*",
            "javax.sql.DataSource",
            "org.springframework.context.annotation.Bean",
            "org.springframework.stereotype.Service",
            "org.springframework.security.config.Customizer",
            "org.springframework.security.config.annotation.web.builders.HttpSecurity",
            "org.springframework.security.web.SecurityFilterChain",
            "dev.vedette.docs.SnippetScope.*",
            "static org.assertj.core.api.Assertions.assertThat");

    /** How a block is turned into a compilation unit. */
    enum Shape {
        /** It has a package or imports: compiled as written. */
        COMPILATION_UNIT,
        /** It declares a type: given the standard imports. */
        TYPE,
        /** It declares methods: put in a class. */
        MEMBERS,
        /** Anything else: put in a method. */
        STATEMENTS
    }

    private static final Pattern PACKAGE_OR_IMPORT = Pattern.compile("(?m)^\\s*(package|import)\\s+[\\w.*]+");
    private static final Pattern TYPE_DECLARATION =
            Pattern.compile("^((public|protected|private|abstract|final|sealed|non-sealed|static|strictfp)\\s+)*"
                    + "(class|record|interface|enum|@interface)\\s+(\\w+).*");
    private static final Pattern METHOD_HEADER = Pattern.compile(
            "^((public|protected|private|static|final|abstract|synchronized|default)\\s+)*(<[^>]+>\\s+)?"
                    + "(?!(new|return|throw|else)\\b)[\\w.$]+(<.*>)?(\\[])*\\s+\\w+\\s*\\(.*\\{\\s*$");
    private static final Pattern ANNOTATION_LINE = Pattern.compile("^@[\\w.]+(\\(.*\\))?\\s*$");
    private static final Pattern FIRST_TYPE_NAME =
            Pattern.compile("(?m)^\\s*(?:[\\w-]+\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");

    /**
     * One block's errors, each as {@code page:line:column: message}, empty if it compiled. Use of
     * deprecated API counts as an error: the docs show the API to use.
     */
    record Result(CodeBlock block, Shape shape, List<String> errors) {}

    private SnippetCompiler() {}

    static Shape shapeOf(String code) {
        if (PACKAGE_OR_IMPORT.matcher(code).find()) {
            return Shape.COMPILATION_UNIT;
        }
        String first = "";
        for (String line : code.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty()
                    && !t.startsWith("//")
                    && !t.startsWith("/*")
                    && !t.startsWith("*")
                    && !ANNOTATION_LINE.matcher(t).matches()) {
                first = t;
                break;
            }
        }
        if (TYPE_DECLARATION.matcher(first).matches()) {
            return Shape.TYPE;
        }
        return METHOD_HEADER.matcher(first).matches() ? Shape.MEMBERS : Shape.STATEMENTS;
    }

    /**
     * Compiles the blocks; the results are in the order of the blocks. All blocks go through one
     * compiler run, but javac does not attribute any unit once one has a syntax error, so the
     * blocks without errors are compiled again until a run reports nothing new.
     */
    static List<Result> compile(List<CodeBlock> blocks) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the tests run on a JRE without javax.tools: run them on a JDK");
        }
        Map<JavaFileObject, Unit> units = new LinkedHashMap<>();
        for (int i = 0; i < blocks.size(); i++) {
            Unit unit = Unit.of(blocks.get(i), i);
            units.put(unit.source, unit);
        }
        Map<Unit, List<String>> errors = new LinkedHashMap<>();
        units.values().forEach(u -> errors.put(u, new ArrayList<>()));
        List<JavaFileObject> remaining = new ArrayList<>(units.keySet());
        while (!remaining.isEmpty()) {
            List<JavaFileObject> failed = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : run(javac, remaining)) {
                Unit unit = d.getSource() == null ? null : units.get(d.getSource());
                if (unit == null) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        throw new IllegalStateException("javac failed outside the docs' code: " + d);
                    }
                    continue;
                }
                boolean deprecated = d.getCode() != null && d.getCode().contains("deprecat");
                if (d.getKind() == Diagnostic.Kind.ERROR || deprecated) {
                    errors.get(unit).add(unit.describe(d));
                    failed.add(unit.source);
                }
            }
            if (failed.isEmpty()) {
                break;
            }
            remaining.removeAll(failed);
        }
        List<Result> results = new ArrayList<>();
        errors.forEach((unit, list) -> results.add(new Result(unit.block, unit.shape, List.copyOf(list))));
        return results;
    }

    private static List<Diagnostic<? extends JavaFileObject>> run(JavaCompiler javac, List<JavaFileObject> sources) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of(
                "--release",
                "21",
                "-proc:none",
                "-Xlint:deprecation,removal",
                "-Xmaxerrs",
                "100000",
                "-Xmaxwarns",
                "100000",
                "-classpath",
                System.getProperty("java.class.path"));
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, null);
        try (JavaFileManager discarding = new DiscardingFileManager(standard)) {
            javac.getTask(null, discarding, diagnostics, options, null, sources).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return diagnostics.getDiagnostics();
    }

    /** A block made into a compilation unit, and how to map its lines back to the page. */
    private static final class Unit {
        final CodeBlock block;
        final Shape shape;
        final JavaFileObject source;
        final int headerLines;

        private Unit(CodeBlock block, Shape shape, JavaFileObject source, int headerLines) {
            this.block = block;
            this.shape = shape;
            this.source = source;
            this.headerLines = headerLines;
        }

        static Unit of(CodeBlock block, int index) {
            Shape shape = shapeOf(block.code());
            String pkg = "docs.block" + index + "_" + block.page().replaceAll("[^A-Za-z0-9]", "_") + "_" + block.line();
            StringBuilder header = new StringBuilder();
            String footer = "";
            String typeName = "Snippet";
            if (!(shape == Shape.COMPILATION_UNIT && block.code().contains("package "))) {
                header.append("package ").append(pkg).append(";\n");
            }
            if (shape != Shape.COMPILATION_UNIT) {
                IMPORTS.forEach(i -> header.append("import ").append(i).append(";\n"));
            }
            switch (shape) {
                case COMPILATION_UNIT, TYPE -> {
                    Matcher m = FIRST_TYPE_NAME.matcher(block.code());
                    typeName = m.find() ? m.group(1) : "Snippet";
                }
                case MEMBERS -> {
                    header.append("class Snippet extends dev.vedette.docs.SnippetScope {\n");
                    footer = "}\n";
                }
                case STATEMENTS -> {
                    header.append("class Snippet extends dev.vedette.docs.SnippetScope {\n");
                    header.append("void snippet() throws Exception {\n");
                    footer = "}\n}\n";
                }
            }
            String text = header + block.code() + footer;
            URI uri = URI.create("string:///" + pkg.replace('.', '/') + "/" + typeName + ".java");
            JavaFileObject source = new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return text;
                }
            };
            return new Unit(block, shape, source, (int)
                    header.chars().filter(c -> c == '\n').count());
        }

        /** {@code page:line:column: message}, with the page line's code when the line is in the block. */
        String describe(Diagnostic<? extends JavaFileObject> d) {
            long inBlock = d.getLineNumber() - headerLines;
            String[] code = block.code().split("\n", -1);
            String message = d.getMessage(Locale.ROOT);
            if (inBlock >= 1 && inBlock <= code.length) {
                return block.page() + ":" + (block.line() + inBlock) + ":" + d.getColumnNumber() + ": " + message
                        + "\n        " + code[(int) inBlock - 1].strip();
            }
            return block.page() + ":" + block.line() + " (line " + d.getLineNumber() + " of the " + shape
                    + " wrapper): " + message;
        }
    }

    /** Class files go nowhere: the docs are compiled to be checked, not run. */
    private static final class DiscardingFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        DiscardingFileManager(StandardJavaFileManager delegate) {
            super(delegate);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(
                Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(
                    URI.create("discard:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return OutputStream.nullOutputStream();
                }
            };
        }
    }
}
