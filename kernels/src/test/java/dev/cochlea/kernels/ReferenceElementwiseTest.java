package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.kernels.conformance.Buffers;
import org.junit.jupiter.api.Test;

/** Hand-computed cases for the element-wise reference kernels. */
class ReferenceElementwiseTest {

    @Test
    void fillCopyAffineAxpy() {
        try (Buffers io = Ref.io()) {
            DeviceBuffer out = io.nanFloats(3);
            Ref.K.fill(out, 3, 2.5f);
            assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f}, io.download(out));

            DeviceBuffer ints = io.garbageInts(3);
            Ref.K.copy(io.upload(new int[] {4, -1, 7}), ints, 3);
            assertArrayEquals(new int[] {4, -1, 7}, io.downloadInts(ints));

            DeviceBuffer x = io.upload(new float[] {1, -2, 0.5f});
            Ref.K.affine(x, x, 3, 2f, 1f); // in place
            assertArrayEquals(new float[] {3, -3, 2}, io.download(x));

            DeviceBuffer y = io.upload(new float[] {10, 20, 30});
            Ref.K.axpy(-0.5f, x, y, 3);
            assertArrayEquals(new float[] {8.5f, 21.5f, 29}, io.download(y));
        }
    }

    @Test
    void unaryAppliesTheScalarDefinition() {
        float[] x = {-2, -0.5f, 0, 0.25f, 3};
        try (Buffers io = Ref.io()) {
            for (UnaryOp op : UnaryOp.values()) {
                DeviceBuffer out = io.nanFloats(x.length);
                Ref.K.unary(op, io.upload(x), out, x.length);
                float[] got = io.download(out);
                for (int i = 0; i < x.length; i++) {
                    assertEquals(op.apply(x[i]), got[i], 0f, op + " of " + x[i]);
                }
            }
            DeviceBuffer out = io.nanFloats(3);
            Ref.K.unary(UnaryOp.RELU, io.upload(new float[] {-1, 0, 2}), out, 3);
            assertArrayEquals(new float[] {0, 0, 2}, io.download(out));
        }
    }

    @Test
    void binaryBroadcastsRowsAndColumns() {
        try (Buffers io = Ref.io()) {
            // [2, 3] - [3]: the vector is subtracted from each row.
            Broadcast rows = Broadcast.of(new int[] {2, 3}, new int[] {3});
            DeviceBuffer out = io.nanFloats(6);
            Ref.K.binary(
                    BinaryOp.SUB,
                    io.upload(new float[] {1, 2, 3, 4, 5, 6}),
                    io.upload(new float[] {1, 10, 100}),
                    out,
                    rows);
            assertArrayEquals(new float[] {0, -8, -97, 3, -5, -94}, io.download(out));

            // [2, 1] * [1, 3]: an outer product.
            Broadcast outer = Broadcast.of(new int[] {2, 1}, new int[] {1, 3});
            out = io.nanFloats(6);
            Ref.K.binary(BinaryOp.MUL, io.upload(new float[] {2, 3}), io.upload(new float[] {1, 10, 100}), out, outer);
            assertArrayEquals(new float[] {2, 20, 200, 3, 30, 300}, io.download(out));

            // Scalar [1] max [2, 2], and an in-place division when nothing is broadcast.
            out = io.nanFloats(4);
            Ref.K.binary(
                    BinaryOp.MAX,
                    io.upload(new float[] {0}),
                    io.upload(new float[] {-1, 2, -3, 4}),
                    out,
                    Broadcast.of(new int[] {1}, new int[] {2, 2}));
            assertArrayEquals(new float[] {0, 2, 0, 4}, io.download(out));
            DeviceBuffer a = io.upload(new float[] {1, 9});
            Ref.K.binary(BinaryOp.DIV, a, io.upload(new float[] {4, 3}), a, Broadcast.of(new int[] {2}, new int[] {2}));
            assertArrayEquals(new float[] {0.25f, 3}, io.download(a));
        }
    }

    @Test
    void reluBackwardPassesGradientWhereInputIsPositive() {
        try (Buffers io = Ref.io()) {
            DeviceBuffer gradIn = io.nanFloats(4);
            Ref.K.reluBackward(io.upload(new float[] {-1, 0, 0.5f, 3}), io.upload(new float[] {1, 2, 3, 4}), gradIn, 4);
            assertArrayEquals(new float[] {0, 0, 3, 4}, io.download(gradIn));
        }
    }

    @Test
    void dropoutKeepsAFractionOneMinusPScaledUp() {
        int n = 20_000;
        float p = 0.3f;
        long seed = 42;
        float[] x = new float[n];
        java.util.Arrays.fill(x, 2f);
        try (Buffers io = Ref.io()) {
            DeviceBuffer mask = io.nanFloats(n);
            DeviceBuffer out = io.nanFloats(n);
            Ref.K.dropout(io.upload(x), mask, out, n, p, seed);
            float[] m = io.download(mask);
            float[] y = io.download(out);
            int kept = 0;
            for (int i = 0; i < n; i++) {
                boolean keep = CounterRng.uniform(seed, i) >= p;
                assertEquals(keep ? 1f / (1f - p) : 0f, m[i], 0f, "mask[" + i + "]");
                assertEquals(2f * m[i], y[i], 0f, "out[" + i + "]");
                kept += keep ? 1 : 0;
            }
            // Binomial(n, 0.7): standard deviation ~65, so 5 sigma is ~325.
            assertTrue(Math.abs(kept - 0.7 * n) < 325, "kept " + kept + " of " + n);
        }
    }
}
