package dev.poto.runtime.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package of a code base uses which, read from compiled classes (constant pool: referenced
 * classes and the types in descriptors and signatures), with one example class per edge so that a
 * failure says where to look.
 */
final class PackageGraph {
  private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

  /** package -> package it uses -> an example "from class -> to class". */
  private final Map<String, Map<String, String>> edges = new TreeMap<>();

  /** Reads every class file under {@code classes}, keeping packages that start with {@code root}. */
  static PackageGraph of(Path classes, String root) {
    PackageGraph graph = new PackageGraph();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        ClassModel model = ClassFile.of().parse(Files.readAllBytes(file));
        String from = model.thisClass().asInternalName();
        if (from.endsWith("package-info") || !dotted(from).startsWith(root)) {
          continue;
        }
        for (PoolEntry entry : model.constantPool()) {
          if (entry instanceof ClassEntry type) {
            graph.addUse(from, type.asInternalName(), root);
          } else if (entry instanceof Utf8Entry text) {
            Matcher m = TYPE_IN_DESCRIPTOR.matcher(text.stringValue());
            while (m.find()) {
              graph.addUse(from, m.group(1), root);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  /** Records that class {@code from} uses class {@code to} (internal names), within {@code root}. */
  void addUse(String from, String to, String root) {
    String toClass = to.replaceFirst("^\\[+L?", "").replaceFirst(";$", ""); // array types name their element
    String fromPackage = packageOf(dotted(from));
    String toPackage = packageOf(dotted(toClass));
    if (!toPackage.startsWith(root) || fromPackage.equals(toPackage)) {
      return;
    }
    edges.computeIfAbsent(fromPackage, p -> new TreeMap<>())
        .putIfAbsent(toPackage, simple(from) + " -> " + simple(toClass));
  }

  /** The packages that use {@code target}, each with an example. */
  Map<String, String> usersOf(String target) {
    Map<String, String> users = new TreeMap<>();
    edges.forEach((from, targets) -> {
      if (targets.containsKey(target)) {
        users.put(from, targets.get(target));
      }
    });
    return users;
  }

  /**
   * The package cycles: each strongly connected group of two or more packages, as its edges with
   * examples (Tarjan's algorithm).
   */
  List<List<String>> cycles() {
    List<List<String>> found = new ArrayList<>();
    new Object() {
      final Map<String, Integer> index = new HashMap<>();
      final Map<String, Integer> low = new HashMap<>();
      final List<String> stack = new ArrayList<>();
      final Set<String> onStack = new java.util.HashSet<>();

      void run() {
        for (String node : new ArrayList<>(edges.keySet())) {
          if (!index.containsKey(node)) {
            visit(node);
          }
        }
      }

      void visit(String node) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.add(node);
        onStack.add(node);
        for (String next : edges.getOrDefault(node, Map.of()).keySet()) {
          if (!index.containsKey(next)) {
            visit(next);
            low.put(node, Math.min(low.get(node), low.get(next)));
          } else if (onStack.contains(next)) {
            low.put(node, Math.min(low.get(node), index.get(next)));
          }
        }
        if (low.get(node).equals(index.get(node))) {
          Set<String> group = new TreeSet<>();
          String member;
          do {
            member = stack.removeLast();
            onStack.remove(member);
            group.add(member);
          } while (!member.equals(node));
          if (group.size() > 1) {
            List<String> described = new ArrayList<>();
            for (String from : group) {
              edges.get(from).forEach((to, example) -> {
                if (group.contains(to)) {
                  described.add(from + " -> " + to + " (" + example + ")");
                }
              });
            }
            found.add(described);
          }
        }
      }
    }.run();
    return found;
  }

  private static String dotted(String internalName) {
    return internalName.replace('/', '.');
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  private static String simple(String internalName) {
    return internalName.substring(internalName.lastIndexOf('/') + 1);
  }
}
