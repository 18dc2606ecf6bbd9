package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.kernels.Backends;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the README's quick start exactly as written against the artifacts this project resolved through the
 * BOM, runs it, and checks what it promises: the loss falls and a checkpoint with PyTorch's names is written.
 */
class ReadmeQuickStartTest {
    private static final Pattern STEP_LINE = Pattern.compile("^(\\d+) (\\S+)$", Pattern.MULTILINE);

    @TempDir
    Path classes;

    @Test
    void readmeQuickStartTrainsAndSavesWithTheCpuBackend() throws Exception {
        Path readme = Path.of(System.getProperty("cochlea.readme"));
        Path checkpoint = Path.of("tiny.safetensors").toAbsolutePath();
        Files.deleteIfExists(checkpoint);

        compile(ReadmeQuickStart.source(readme));
        String printed = runMain();

        assertEquals("cpu", Backends.best().name(), "the cpu backend, found through ServiceLoader, runs the model");
        List<Float> losses = new ArrayList<>();
        Matcher step = STEP_LINE.matcher(printed);
        while (step.find()) {
            losses.add(Float.parseFloat(step.group(2)));
        }
        assertEquals(10, losses.size(), "a loss every 10 of 100 steps, printed:\n" + printed);
        float first = losses.get(0);
        float last = losses.get(losses.size() - 1);
        assertTrue(last < 0.5f * first, "loss fell from " + first + " to " + last);
        String header = safetensorsHeader(checkpoint);
        for (String name : List.of("0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var", "5.weight")) {
            assertTrue(header.contains('"' + name + '"'), checkpoint + " holds " + name + ": " + header);
        }
    }

    private void compile(String source) throws Exception {
        Path file = classes.resolve(ReadmeQuickStart.CLASS_NAME + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, null, diagnostics, "--release", "17", "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path"), file.toString());
        assertEquals(0, status,
                "the README's quick start does not compile as written:\n" + source + "\n" + diagnostics);
    }

    private String runMain() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        URL[] compiled = {classes.toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(compiled, getClass().getClassLoader())) {
            loader.loadClass(ReadmeQuickStart.CLASS_NAME).getMethod("main", String[].class)
                    .invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(console);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        console.print(printed);
        return printed;
    }

    /** A safetensors file starts with the length of its JSON header as a little-endian u64, then the header. */
    private static String safetensorsHeader(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        long length = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(bytes, 8, (int) length, StandardCharsets.UTF_8);
    }
}
