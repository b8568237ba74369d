package dev.vedette;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dependencies between the packages of compiled classes, read from the constant pool of each
 * class file: every class name and type descriptor a class mentions, as {@code jdeps -verbose:class}
 * reports them, without the tool. String constants are not dependencies and are skipped.
 */
final class PackageGraph {
    /** {@code from} depends on {@code to} because of these class pairs ("Monitor -> Alerts"). */
    record Edge(String from, String to, SortedSet<String> classes) {}

    private final int classCount;
    private final SortedSet<String> packages;
    private final List<Edge> edges;

    private PackageGraph(int classCount, SortedSet<String> packages, List<Edge> edges) {
        this.classCount = classCount;
        this.packages = packages;
        this.edges = edges;
    }

    /** Reads the classes under {@code prefix} in the folder or jar that {@code anyClass} was loaded from. */
    static PackageGraph read(Class<?> anyClass, String prefix) {
        try {
            Path location = Path.of(
                    anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                return read(location, prefix);
            }
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return read(jar.getPath("/"), prefix);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PackageGraph read(Path root, String prefix) throws IOException {
        Pattern reference = Pattern.compile(prefix.replace(".", "/") + "(/[\\w$]+)+");
        Map<List<String>, SortedSet<String>> edges = new TreeMap<>(PackageGraph::comparePairs);
        SortedSet<String> packages = new TreeSet<>();
        int classes = 0;
        try (Stream<Path> files = Files.walk(root.resolve(prefix.replace(".", "/")))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                ClassFile cf = ClassFile.parse(Files.readAllBytes(file), reference);
                classes++;
                packages.add(packageOf(cf.name()));
                for (String target : cf.references()) {
                    String from = packageOf(cf.name());
                    String to = packageOf(target);
                    if (!from.equals(to)) {
                        edges.computeIfAbsent(List.of(from, to), k -> new TreeSet<>())
                                .add(simpleName(cf.name()) + " -> " + simpleName(target));
                    }
                }
            }
        }
        List<Edge> list = new ArrayList<>();
        edges.forEach((pair, why) -> list.add(new Edge(pair.get(0), pair.get(1), why)));
        return new PackageGraph(classes, packages, List.copyOf(list));
    }

    int classCount() {
        return classCount;
    }

    SortedSet<String> packages() {
        return packages;
    }

    List<Edge> edges() {
        return edges;
    }

    /** The strongly connected components of more than one package (Tarjan), each a cycle. */
    List<Set<String>> cycles() {
        Map<String, Set<String>> out = new TreeMap<>();
        edges.forEach(e -> out.computeIfAbsent(e.from(), k -> new TreeSet<>()).add(e.to()));
        Tarjan tarjan = new Tarjan(out);
        packages.forEach(p -> {
            if (!tarjan.index.containsKey(p)) {
                tarjan.visit(p);
            }
        });
        return tarjan.components.stream().filter(c -> c.size() > 1).toList();
    }

    private static final class Tarjan {
        final Map<String, Set<String>> out;
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, Integer> low = new HashMap<>();
        final List<String> stack = new ArrayList<>();
        final Set<String> onStack = new HashSet<>();
        final List<Set<String>> components = new ArrayList<>();

        Tarjan(Map<String, Set<String>> out) {
            this.out = out;
        }

        void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.add(v);
            onStack.add(v);
            for (String w : out.getOrDefault(v, Set.of())) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> component = new TreeSet<>();
                String w;
                do {
                    w = stack.remove(stack.size() - 1);
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(v));
                components.add(component);
            }
        }
    }

    /** A class's own name and the names of the classes its constant pool mentions. */
    private record ClassFile(String name, Set<String> references) {
        static ClassFile parse(byte[] bytes, Pattern reference) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.skipBytes(4); // minor and major version
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            Set<Integer> stringConstants = new HashSet<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNameIndex[i] = in.readUnsignedShort();
                    case 8 -> stringConstants.add(in.readUnsignedShort());
                    case 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++; // longs and doubles take two slots
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            in.skipBytes(2); // access flags
            String name = utf8[classNameIndex[in.readUnsignedShort()]];
            Set<String> references = new LinkedHashSet<>();
            for (int i = 1; i < count; i++) {
                if (utf8[i] != null && !stringConstants.contains(i)) {
                    Matcher m = reference.matcher(utf8[i]);
                    while (m.find()) {
                        references.add(m.group());
                    }
                }
            }
            references.remove(name);
            return new ClassFile(name, references);
        }
    }

    private static String packageOf(String internalName) {
        return internalName.substring(0, internalName.lastIndexOf('/')).replace('/', '.');
    }

    private static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    private static int comparePairs(List<String> a, List<String> b) {
        int c = a.get(0).compareTo(b.get(0));
        return c != 0 ? c : a.get(1).compareTo(b.get(1));
    }
}
