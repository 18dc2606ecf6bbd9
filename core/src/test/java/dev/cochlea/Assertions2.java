package dev.cochlea;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks used across the tests: errors measured against the expected tensor's scale, and error messages that must
 * name what went wrong.
 */
public final class Assertions2 {
    private Assertions2() {}

    /** Passes when {@code e}'s message contains every one of {@code parts}; a failure shows the whole message. */
    public static void assertMentions(Throwable e, String... parts) {
        String message = String.valueOf(e.getMessage());
        for (String part : parts) {
            if (!message.contains(part)) {
                fail("the message does not mention \"" + part + "\": " + message);
            }
        }
    }

    /**
     * Passes when max |actual - expected| <= rtol * max(max |expected|, 1e-12): a relative tolerance on the tensor's
     * scale, so values near zero inside a large tensor are not held to an impossible relative precision.
     */
    public static void assertClose(float[] expected, float[] actual, double rtol, String what) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        double scale = 1e-12;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) actual[i] - expected[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        if (!(worst <= rtol * scale)) {
            fail(String.format(
                    "%s: max abs error %.3g at index %d (expected %.8g, got %.8g) exceeds %.1g x scale %.4g",
                    what, worst, at, expected[at], actual[at], rtol, scale));
        }
    }

    public static void assertClose(Tensor expected, Tensor actual, double rtol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertClose(expected.toFloatArray(), actual.toFloatArray(), rtol, what);
    }
}
