package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cochlea.kernels.conformance.Buffers;
import org.junit.jupiter.api.Test;

/** Hand-computed cases for reduce, sumToShape, permute and argmax. */
class ReferenceLayoutTest {
    /** x [2, 3, 2] = 0, 1, ..., 11. */
    private static final float[] X = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

    @Test
    void reduceOverTheMiddleAxis() {
        try (Buffers io = Ref.io()) {
            DeviceBuffer sum = io.nanFloats(4);
            Ref.K.reduce(ReduceOp.SUM, io.upload(X), sum, 2, 3, 2);
            assertArrayEquals(new float[] {0 + 2 + 4, 1 + 3 + 5, 6 + 8 + 10, 7 + 9 + 11}, io.download(sum));
            DeviceBuffer max = io.nanFloats(2);
            Ref.K.reduce(ReduceOp.MAX, io.upload(new float[] {-5, 2, -1, -7, -3, 0}), max, 1, 3, 2);
            assertArrayEquals(new float[] {-1, 2}, io.download(max), 0f);
        }
    }

    @Test
    void sumToShapeUndoesBroadcasting() {
        try (Buffers io = Ref.io()) {
            DeviceBuffer out = io.nanFloats(6);
            Ref.K.sumToShape(io.upload(X), new int[] {2, 3, 2}, out, new int[] {1, 3, 2});
            assertArrayEquals(new float[] {6, 8, 10, 12, 14, 16}, io.download(out));
            out = io.nanFloats(2);
            Ref.K.sumToShape(io.upload(X), new int[] {2, 3, 2}, out, new int[] {2, 1, 1});
            assertArrayEquals(new float[] {15, 51}, io.download(out));
            out = io.nanFloats(1);
            Ref.K.sumToShape(io.upload(X), new int[] {2, 3, 2}, out, new int[] {1, 1, 1});
            assertArrayEquals(new float[] {66}, io.download(out));
        }
    }

    @Test
    void permuteMovesAxes() {
        try (Buffers io = Ref.io()) {
            DeviceBuffer t = io.nanFloats(6);
            Ref.K.permute(io.upload(new float[] {1, 2, 3, 4, 5, 6}), new int[] {2, 3}, new int[] {1, 0}, t);
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, io.download(t));
            // [2, 3, 2] -> [2, 2, 3] with perm (0, 2, 1): out[a, c, b] = x[a, b, c] = 6a + 2b + c.
            DeviceBuffer out = io.nanFloats(12);
            Ref.K.permute(io.upload(X), new int[] {2, 3, 2}, new int[] {0, 2, 1}, out);
            assertArrayEquals(new float[] {0, 2, 4, 1, 3, 5, 6, 8, 10, 7, 9, 11}, io.download(out));
            // perm (2, 0, 1): out[c, a, b] = x[a, b, c].
            out = io.nanFloats(12);
            Ref.K.permute(io.upload(X), new int[] {2, 3, 2}, new int[] {2, 0, 1}, out);
            assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11}, io.download(out));
        }
    }

    @Test
    void argmaxTakesTheFirstOfTiesAndNaNWins() {
        try (Buffers io = Ref.io()) {
            DeviceBuffer out = io.garbageInts(3);
            Ref.K.argmax(io.upload(new float[] {1, 5, 5, -2, -7, -3, 0, Float.NaN, 9}), out, 3, 3);
            assertArrayEquals(new int[] {1, 0, 1}, io.downloadInts(out));
        }
    }
}
