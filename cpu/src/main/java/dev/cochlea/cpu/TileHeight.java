package dev.cochlea.cpu;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Chooses the height of {@link Gemm}'s register tile once per JVM, from the vector register file the JIT really has
 * and the JIT itself. A tile stays in registers only when its 2·MR accumulators, the two B vectors and a broadcast
 * fit: with 32 registers (AVX-512, or NEON's 32 of 128 bits) 8 rows; with AVX2's 16, 6 rows on JDK 17, whose C2 keeps
 * them all in registers, but 4 rows on later JDKs, whose C2 (measured on 25) spills one accumulator of the 6-row tile
 * to the stack and runs it at half speed. Measured rather than derived where the two disagree: {@code
 * benchmarks/tile_heights.sh} times every height on the machine at hand. A start-up calibration was tried and
 * dropped: the Vector API runs about a hundred times slower until C2 has compiled a kernel, which takes most of a
 * second, and its profile then favoured the wrong branches. The system property {@value #PROPERTY} (4, 6 or 8)
 * overrides the rule. Every height adds each C element's products in the same order, so the choice never changes a
 * result's bits.
 */
final class TileHeight {
    static final String PROPERTY = "cochlea.cpu.tileRows";

    private TileHeight() {}

    /** The height this JVM runs and why. */
    record Choice(int rows, String why) {}

    static Choice choose() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null) {
            return new Choice(parse(forced), "set by -D" + PROPERTY);
        }
        int registers = vectorRegisters();
        if (registers >= 32) {
            return new Choice(8, "32 vector registers");
        }
        int jdk = Runtime.version().feature();
        return jdk <= 17
                ? new Choice(6, "16 vector registers, JDK " + jdk)
                : new Choice(4, "16 vector registers, JDK " + jdk + " (its C2 spills the 6-row tile)");
    }

    /**
     * 32 on AArch64 and on x86 with AVX-512 enabled in the JIT (UseAVX 3: EVEX encodes 32 registers at every vector
     * width), 16 on x86 otherwise (AVX2 or less, including an AVX-512 CPU run with -XX:UseAVX=2).
     */
    static int vectorRegisters() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("aarch64")) {
            return 32;
        }
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(hotspot.getVMOption("UseAVX").getValue()) >= 3 ? 32 : 16;
        } catch (RuntimeException | LinkageError e) {
            // Not HotSpot, or no such flag: judge by the widest species, which needs AVX-512 at 512 bits.
            return TileKernels.V >= 16 ? 32 : 16;
        }
    }

    private static int parse(String value) {
        try {
            int rows = Integer.parseInt(value.trim());
            if (Arrays.stream(TileKernels.HEIGHTS).anyMatch(h -> h == rows)) {
                return rows;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                PROPERTY + " must be one of " + Arrays.toString(TileKernels.HEIGHTS) + ", got '" + value + "'");
    }
}
