package dev.cochlea.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;

/**
 * A copy of ONNX Runtime's native libraries whose MLAS kernels stop at AVX2, so that an AVX-512 machine can compare
 * Cochlea's AVX2 path ({@code -XX:UseAVX=2}) with ONNX Runtime's AVX2 kernels instead of its AVX-512 ones.
 *
 * <p>MLAS picks its kernels once, when the library loads, from CPUID and XCR0, and no option or environment variable
 * limits that choice. In its platform set-up the AVX-512 kernels are installed by a block guarded by "CPUID leaf 7
 * reports AVX512F" ({@code test $0x10000,%r10d; je}), after the block that installs the AVX2/FMA3 kernels; making that
 * one conditional jump unconditional ({@code 0x74} to {@code 0xEB}) leaves the AVX2/FMA3 kernels in place, as on a CPU
 * without AVX-512. The instruction bytes are those of ONNX Runtime {@value #VERSION} for linux-x64 (the version the
 * parent pom pins); the patch is applied only where that exact sequence occurs once, so another build is refused rather
 * than patched blindly.
 */
final class OnnxRuntimeAvx2 {
    static final String VERSION = "1.23.2";
    private static final String RESOURCES = "/ai/onnxruntime/native/linux-x64/";
    private static final String RUNTIME = "libonnxruntime.so";
    private static final String JNI = "libonnxruntime4j_jni.so";
    /**
     * {@code test $0x10000,%r10d; je +14; mov %rdi,%rax; not %rax; test $0xe0,%al; je}: "AVX512F in CPUID and ZMM
     * state enabled in XCR0", the guard of MLAS's AVX-512 block.
     */
    private static final byte[] GUARD = HexFormat.of().parseHex("41f7c200000100740e4889f848f7d0a8e00f84");
    /** Offset of the {@code je} opcode inside {@link #GUARD}. */
    private static final int JUMP = 7;

    private static final byte JMP_SHORT = (byte) 0xEB;

    private OnnxRuntimeAvx2() {}

    /**
     * Writes the patched libraries into {@code directory} and points ONNX Runtime's loader at them
     * ({@code onnxruntime.native.path}); call before the first use of ONNX Runtime in this JVM.
     */
    static void install(Path directory) {
        try {
            Files.createDirectories(directory);
            byte[] runtime = runtimeLibrary();
            patch(runtime);
            writeAtomically(directory.resolve(RUNTIME), runtime);
            writeAtomically(directory.resolve(JNI), resource(JNI));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ONNX Runtime's AVX2 copy into " + directory, e);
        }
        System.setProperty("onnxruntime.native.path", directory.toString());
    }

    /**
     * Makes the AVX-512 guard's jump unconditional, in place, and returns the offset of the byte it changed.
     *
     * @throws IllegalStateException where the guard does not occur exactly once (another ONNX Runtime build)
     */
    static int patch(byte[] library) {
        int at = indexOf(library, GUARD, 0);
        if (at < 0 || indexOf(library, GUARD, at + 1) >= 0) {
            throw new IllegalStateException("ONNX Runtime's MLAS AVX-512 guard was "
                    + (at < 0 ? "not found" : "found more than once")
                    + " in " + RUNTIME + "; the AVX2 limit knows only ONNX Runtime " + VERSION + " for linux-x64");
        }
        library[at + JUMP] = JMP_SHORT;
        return at + JUMP;
    }

    /** ONNX Runtime's own, unpatched native library, from its jar. */
    static byte[] runtimeLibrary() throws IOException {
        return resource(RUNTIME);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OnnxRuntimeAvx2.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("ONNX Runtime's jar has no " + RESOURCES + name
                        + " on the class path: the AVX2 limit needs its linux-x64 native libraries");
            }
            return in.readAllBytes();
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.write(partial, bytes);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
