package dev.cochlea.kernels.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.cochlea.kernels.BinaryOp;
import dev.cochlea.kernels.ReduceOp;
import dev.cochlea.kernels.UnaryOp;
import dev.cochlea.kernels.catalog.KernelParam;
import dev.cochlea.kernels.catalog.KernelSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Reads the kernel sources of one backend, a folder of files with one extension (".cl", ".cu"), as text: the kernel
 * declarations a pattern finds (group 1 the name, group 2 the parameter list) and the integer {@code #define}s.
 */
public record KernelSources(Path folder, String extension, Pattern kernel) {
    private static final Pattern DEFINE = Pattern.compile("(?m)^#define\\s+(\\w+)\\s+(\\d+)\\s*$");

    /** A kernel declaration as written: its file's base name, its name and its parameters' types (names dropped). */
    public record Declaration(String file, String name, List<String> types) {}

    /** The source files, sorted by name. */
    public List<Path> files() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(extension)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's name without the extension: the program or module its kernels live in. */
    public String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - extension.length());
    }

    /** Every kernel declared in every file, by name; a name declared twice is an error. */
    public Map<String, Declaration> declarations() {
        Map<String, Declaration> all = new LinkedHashMap<>();
        for (Path file : files()) {
            Matcher m = kernel.matcher(withoutComments(read(file)));
            while (m.find()) {
                List<String> types = new ArrayList<>();
                for (String param : m.group(2).split(",")) {
                    // Drop the parameter's name: the last identifier.
                    types.add(param.trim().replaceAll("\\w+$", "").trim());
                }
                Declaration d = new Declaration(baseName(file), m.group(1), types);
                if (all.put(d.name(), d) != null) {
                    throw new IllegalStateException("kernel " + d.name() + " is declared twice");
                }
            }
        }
        return all;
    }

    /** The integer {@code #define}s of one file (the op codes), in order. */
    public Map<String, Integer> defines(String file) {
        Map<String, Integer> defines = new LinkedHashMap<>();
        Matcher m = DEFINE.matcher(read(folder.resolve(file)));
        while (m.find()) {
            defines.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return defines;
    }

    /** Asserts that a launch catalog names exactly the declared kernels, each once. */
    public void assertSameKernels(List<? extends KernelSignature<?>> catalog) {
        Map<String, Declaration> declared = declarations();
        assertFalse(declared.isEmpty(), "no kernels parsed from " + folder);
        List<String> catalogNames = catalog.stream().map(KernelSignature::name).toList();
        Set<String> described = new TreeSet<>(catalogNames);
        assertEquals(new TreeSet<>(declared.keySet()), described);
        assertEquals(catalogNames.size(), described.size(), "a kernel is in the catalog twice");
    }

    /**
     * One test per catalog entry, named by its {@code toString}: the kernel is declared in the file the entry names,
     * with the entry's parameter types ({@code type}'s constants, by their spelling).
     */
    public <P extends Enum<P> & KernelParam> Stream<DynamicTest> declarationTests(
            List<KernelSignature<P>> catalog, Class<P> type) {
        Map<String, Declaration> declared = declarations();
        return catalog.stream()
                .map(k -> DynamicTest.dynamicTest(k.toString(), () -> {
                    Declaration d = declared.get(k.name());
                    assertNotNull(d, k + " is not declared in any " + extension + " file");
                    assertEquals(k.file().baseName(), d.file(), k.name() + " lives in another file");
                    assertEquals(
                            d.types().size(),
                            k.params().size(),
                            k + " parameter count; " + extension + " has " + d.types());
                    for (int i = 0; i < d.types().size(); i++) {
                        assertEquals(
                                KernelParam.parse(type, d.types().get(i)),
                                k.params().get(i),
                                k + " parameter " + i + " is '" + d.types().get(i) + "' in the " + extension + " file");
                    }
                }));
    }

    /**
     * Asserts that the U_* and B_* codes of the elementwise file and the R_* codes of the reduce file are the
     * ordinals of {@link UnaryOp}, {@link BinaryOp} and {@link ReduceOp}, and that elementwise defines no others.
     */
    public void assertOpCodesAreOrdinals() {
        String elementwiseFile = "elementwise" + extension;
        Map<String, Integer> elementwise = defines(elementwiseFile);
        for (UnaryOp op : UnaryOp.values()) {
            assertEquals(op.ordinal(), elementwise.get("U_" + op.name()), "U_" + op.name());
        }
        for (BinaryOp op : BinaryOp.values()) {
            assertEquals(op.ordinal(), elementwise.get("B_" + op.name()), "B_" + op.name());
        }
        assertEquals(
                UnaryOp.values().length + BinaryOp.values().length,
                elementwise.size(),
                elementwiseFile + " defines codes the enums do not have");
        Map<String, Integer> reduce = defines("reduce" + extension);
        for (ReduceOp op : ReduceOp.values()) {
            assertEquals(op.ordinal(), reduce.get("R_" + op.name()), "R_" + op.name());
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
    }
}
