package dev.cochlea.kernels.conformance;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * Named outputs of one kernel run, each with the tolerance it is compared under. The expected side (the reference)
 * carries the tolerances; {@link #assertMatches} checks the backend under test against it.
 *
 * <p>Tolerances: {@link #sums} compares |actual - expected| <= tol * max|expected| (over the whole tensor), for values
 * that come out of long float32 sums whose rounding depends on the summation order; {@link #pointwise} compares each
 * element relative to itself, |actual - expected| <= tol * max(|expected|, 1e-2 * max|expected|), for element-wise
 * maths; {@link #exact} wants bit-identical floats (copies, selections) and int32 outputs are always exact. NaN must
 * meet NaN and infinities must be equal.
 */
public final class Outputs {
    private record Entry(Object values, double tolerance, boolean perElement) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Values built from sums: tolerance relative to the tensor's largest magnitude. */
    public Outputs sums(String name, float[] values, double tolerance) {
        entries.put(name, new Entry(values, tolerance, false));
        return this;
    }

    /** Element-wise results: tolerance relative to each element (floored at 1% of the largest magnitude). */
    public Outputs pointwise(String name, float[] values, double tolerance) {
        entries.put(name, new Entry(values, tolerance, true));
        return this;
    }

    public Outputs exact(String name, float[] values) {
        entries.put(name, new Entry(values, 0, true));
        return this;
    }

    public Outputs exact(String name, int[] values) {
        entries.put(name, new Entry(values, 0, true));
        return this;
    }

    /** A copy of these outputs without {@code name}, for callers that compare that one output themselves. */
    public Outputs without(String name) {
        Outputs copy = new Outputs();
        copy.entries.putAll(entries);
        copy.entries.remove(name);
        return copy;
    }

    public float[] floats(String name) {
        return (float[]) entries.get(name).values();
    }

    public int[] ints(String name) {
        return (int[]) entries.get(name).values();
    }

    /** Fails with the output's name, the first bad index and both values if {@code actual} strays from this. */
    public void assertMatches(Outputs actual) {
        if (!entries.keySet().equals(actual.entries.keySet())) {
            throw new AssertionFailedError(
                    "outputs differ: expected " + entries.keySet() + " but got " + actual.entries.keySet());
        }
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry want = e.getValue();
            Object got = actual.entries.get(e.getKey()).values();
            if (want.values() instanceof int[] ints) {
                assertIntsEqual(e.getKey(), ints, (int[]) got);
            } else {
                assertClose(e.getKey(), (float[]) want.values(), (float[]) got, want.tolerance(), want.perElement());
            }
        }
    }

    private static void assertIntsEqual(String name, int[] expected, int[] actual) {
        checkLength(name, expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                throw new AssertionFailedError(
                        name + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]
                                + (actual[i] == Buffers.GARBAGE_INT ? " (never written)" : ""),
                        expected[i],
                        actual[i]);
            }
        }
    }

    /** Compares two float arrays under the rules in the class comment. */
    public static void assertClose(
            String name, float[] expected, float[] actual, double tolerance, boolean perElement) {
        checkLength(name, expected.length, actual.length);
        double maxAbs = maxAbs(expected);
        for (int i = 0; i < expected.length; i++) {
            float want = expected[i];
            float got = actual[i];
            boolean ok;
            if (Float.isNaN(want) || Float.isNaN(got) || Float.isInfinite(want) || Float.isInfinite(got)) {
                ok = Float.compare(want, got) == 0;
            } else {
                double scale = perElement ? Math.max(Math.abs(want), 1e-2 * maxAbs) : maxAbs;
                ok = Math.abs((double) got - want) <= tolerance * scale;
            }
            if (!ok) {
                throw new AssertionFailedError(
                        name + "[" + i + "] of " + expected.length + ": expected " + want
                                + " but was " + got + " (tolerance " + tolerance
                                + (perElement ? " per element" : " of max|x| = " + maxAbs)
                                + (Float.isNaN(got) && !Float.isNaN(want) ? "; NaN: output not fully written?" : "")
                                + ")",
                        want,
                        got);
            }
        }
    }

    private static void checkLength(String name, int expected, int actual) {
        if (expected != actual) {
            throw new AssertionFailedError(name + ": expected " + expected + " elements but got " + actual);
        }
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            if (Float.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Outputs");
        entries.forEach((k, v) -> s.append(' ')
                .append(k)
                .append('=')
                .append(v.values() instanceof int[] i ? Arrays.toString(i) : Arrays.toString((float[]) v.values())));
        return s.toString();
    }
}
