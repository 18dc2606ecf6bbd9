package dev.cochlea.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import dev.cochlea.nn.Module;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ```java block of the repository's README.md, compiled with javax.tools exactly as written (its own imports,
 * nothing added but a class around a method or statements), then the quick start, the layer and the op run. It lives
 * in the examples module because its class path holds everything the README shows: core, the backends, the ONNX
 * exporter and the speech example's {@code Predictor}. A snippet is a class (compiled as a file of
 * its own), a method (wrapped in a class) or statements (wrapped in a method).
 */
class ReadmeSnippetsTest {
    private static final Path README = Path.of("../README.md");
    private static final Pattern BLOCK = Pattern.compile("(?s)```java\n(.*?)```");
    private static final Pattern CLASS =
            Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?(?:class|record)\\s+(\\w+)");
    private static final Pattern METHOD =
            Pattern.compile("(?m)^(?:public\\s+|private\\s+)?static\\s+[\\w<>\\[\\]]+\\s+(\\w+)\\s*\\(");

    @TempDir
    static Path classes;

    private static List<Snippet> snippets;
    private static ClassLoader loader;

    /** One README block: its imports, the rest, and the class its compiled form is called. */
    record Snippet(int index, List<String> imports, String body, Kind kind, String className) {
        enum Kind {
            CLASS,
            METHOD,
            STATEMENTS
        }

        String source() {
            String head = String.join("\n", imports) + "\n\n";
            return switch (kind) {
                case CLASS -> head + body;
                case METHOD -> head + "public class " + className + " {\n" + body + "\n}\n";
                case STATEMENTS ->
                    head + "public class " + className + " {\n    public static void run() throws Exception {\n" + body
                            + "\n    }\n}\n";
            };
        }
    }

    @BeforeAll
    static void compileEverySnippet() throws IOException {
        snippets = parse(Files.readString(README));
        List<Path> sources = new ArrayList<>();
        Path src = Files.createDirectories(classes.resolve("src"));
        for (Snippet s : snippets) {
            sources.add(Files.writeString(src.resolve(s.className() + ".java"), s.source()));
        }
        Compilation compiled = compile(sources, classes);
        assertTrue(compiled.ok(), "README snippets do not compile as written:\n" + compiled.diagnostics());
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ReadmeSnippetsTest.class.getClassLoader());
    }

    /** Whether javac compiled the sources, and what it said. */
    private record Compilation(boolean ok, String diagnostics) {}

    /** Compiles {@code sources} against the test class path into {@code out}, as a user's build would. */
    private static Compilation compile(List<Path> sources, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
            boolean ok = javac.getTask(
                            null,
                            files,
                            diagnostics,
                            List.of("-classpath", classpath(), "-d", out.toString(), "-proc:none"),
                            null,
                            files.getJavaFileObjectsFromPaths(sources))
                    .call();
            return new Compilation(ok, diagnostics.getDiagnostics().toString());
        }
    }

    /** The test class path (surefire runs tests from a manifest-only jar and names the real path here). */
    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    static List<Snippet> parse(String readme) {
        List<Snippet> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            List<String> imports = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (String line : m.group(1).split("\n", -1)) {
                if (line.startsWith("import ")) {
                    imports.add(line);
                } else {
                    body.append(line).append('\n');
                }
            }
            String code = body.toString().strip();
            int index = out.size();
            Matcher cls = CLASS.matcher(code);
            if (cls.lookingAt()) {
                out.add(new Snippet(index, imports, code, Snippet.Kind.CLASS, cls.group(1)));
            } else if (METHOD.matcher(code).lookingAt()) {
                out.add(new Snippet(index, imports, code, Snippet.Kind.METHOD, "ReadmeSnippet" + index));
            } else {
                out.add(new Snippet(index, imports, code, Snippet.Kind.STATEMENTS, "ReadmeSnippet" + index));
            }
        }
        return out;
    }

    private static Snippet find(Snippet.Kind kind, String containing) {
        return snippets.stream()
                .filter(s -> s.kind() == kind && s.body().contains(containing))
                .findFirst()
                .orElseThrow(() -> new AssertionError("README has no " + kind + " snippet with " + containing));
    }

    @Test
    void everyKindOfSnippetIsFound() {
        for (Snippet.Kind kind : Snippet.Kind.values()) {
            assertTrue(snippets.stream().anyMatch(s -> s.kind() == kind), "no " + kind + " snippet parsed");
        }
    }

    /** The quick start trains, prints its losses and saves tiny.safetensors in the working directory. */
    @Test
    void quickStartRuns() throws Exception {
        Path saved = Path.of("tiny.safetensors");
        try {
            Snippet quickStart = find(Snippet.Kind.STATEMENTS, "Checkpoints.save");
            loader.loadClass(quickStart.className()).getMethod("run").invoke(null);
            assertTrue(Files.size(saved) > 0);
        } finally {
            Files.deleteIfExists(saved);
        }
    }

    @Test
    void theResidualLayerKeepsItsInputShape() throws Exception {
        Snippet residual = find(Snippet.Kind.CLASS, "extends Module");
        Module layer = (Module)
                loader.loadClass(residual.className()).getConstructor(int.class).newInstance(4);
        Tensor out = layer.forward(Tensor.randn(new Generator(3), 2, 4, 10));
        assertArrayEquals(new int[] {2, 4, 10}, out.shape());
        for (float v : out.toFloatArray()) {
            assertTrue(v >= 0f, "ends in a ReLU");
        }
    }

    /** Why the snippet imports dev.cochlea.nn.Module by name: with only the wildcard, java.lang.Module clashes. */
    @Test
    void withoutTheSingleTypeImportModuleIsAmbiguous() throws IOException {
        Snippet residual = find(Snippet.Kind.CLASS, "extends Module");
        List<String> wildcardOnly = residual.imports().stream()
                .filter(i -> !i.contains("nn.Module;"))
                .toList();
        Path dir = Files.createDirectories(classes.resolve("ambiguous"));
        Path file = Files.writeString(
                dir.resolve(residual.className() + ".java"),
                new Snippet(0, wildcardOnly, residual.body(), Snippet.Kind.CLASS, residual.className()).source());
        Compilation compiled = compile(List.of(file), dir);
        assertTrue(
                !compiled.ok() && compiled.diagnostics().contains("reference to Module is ambiguous"),
                compiled.diagnostics());
    }

    @Test
    void softplusComputesItsValueAndGradient() throws Exception {
        Snippet op = find(Snippet.Kind.METHOD, "softplus");
        Method softplus = loader.loadClass(op.className()).getDeclaredMethod("softplus", Tensor.class);
        softplus.setAccessible(true);
        Tensor x = Tensor.of(new float[] {-2f, 0f, 3f}, 3).requiresGrad(true);
        Tensor y = (Tensor) softplus.invoke(null, x);
        y.sum().backward();
        float[] xs = {-2f, 0f, 3f};
        for (int i = 0; i < xs.length; i++) {
            assertEquals(Math.log1p(Math.exp(xs[i])), y.toFloatArray()[i], 1e-6);
            assertEquals(1 / (1 + Math.exp(-xs[i])), x.grad().toFloatArray()[i], 1e-6);
        }
    }
}
