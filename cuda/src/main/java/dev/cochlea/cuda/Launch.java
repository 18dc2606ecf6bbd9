package dev.cochlea.cuda;

import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.catalog.ArgumentCheck;
import dev.cochlea.kernels.catalog.KernelSignature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One kernel launch, described in plain Java: the kernel, its grid and block, and its arguments in parameter order
 * (a {@link DeviceBuffer} or null for pointers, Integer, Long, Float, or int[8] for {@link ParamType#SHAPE8}).
 * The builder checks each argument against the kernel's signature as it is added, so a launch that reaches the
 * driver always matches the .cu declaration in count and type.
 */
record Launch(KernelSignature<ParamType> kernel, int gridX, int gridY, int gridZ, int block, List<Object> args) {

    Launch {
        args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    static Builder of(KernelSignature<ParamType> kernel, LaunchGeometry.Grid grid) {
        return new Builder(kernel, grid);
    }

    static final class Builder {
        private final KernelSignature<ParamType> kernel;
        private final LaunchGeometry.Grid grid;
        private final ArgumentCheck<ParamType> check;
        private final List<Object> args = new ArrayList<>();

        private Builder(KernelSignature<ParamType> kernel, LaunchGeometry.Grid grid) {
            this.kernel = kernel;
            this.grid = grid;
            this.check = new ArgumentCheck<>(kernel);
        }

        /** A float32 buffer; null only for parameters the kernel tests for null. */
        Builder f32(DeviceBuffer buffer) {
            return buffer(ParamType.F32_PTR, buffer, DType.FLOAT32);
        }

        /** Several float32 buffers in a row, each as {@link #f32(DeviceBuffer)}. */
        Builder f32(DeviceBuffer first, DeviceBuffer second, DeviceBuffer... rest) {
            f32(first).f32(second);
            Arrays.stream(rest).forEach(this::f32);
            return this;
        }

        Builder i32(DeviceBuffer buffer) {
            return buffer(ParamType.I32_PTR, buffer, DType.INT32);
        }

        /** Scratch holding doubles: a float32 buffer with two elements per double (cuMemAlloc aligns it). */
        Builder doubles(DeviceBuffer buffer) {
            return buffer(ParamType.F64_PTR, buffer, DType.FLOAT32);
        }

        /** A buffer of any 32-bit dtype. */
        Builder words(DeviceBuffer buffer) {
            return buffer(ParamType.WORD_PTR, buffer, null);
        }

        Builder i32(int value) {
            return add(ParamType.I32, value);
        }

        /** Several int parameters in a row, each as {@link #i32(int)}. */
        Builder i32(int first, int second, int... rest) {
            i32(first).i32(second);
            IntStream.of(rest).forEach(this::i32);
            return this;
        }

        Builder i32(boolean flag) {
            return add(ParamType.I32, flag ? 1 : 0);
        }

        /** Two flags in a row, each as {@link #i32(boolean)}. */
        Builder i32(boolean first, boolean second) {
            return i32(first).i32(second);
        }

        Builder i64(long value) {
            return add(ParamType.I64, value);
        }

        Builder u64(long bits) {
            return add(ParamType.U64, bits);
        }

        Builder f32(float value) {
            return add(ParamType.F32, value);
        }

        /** Several float parameters in a row, each as {@link #f32(float)}. */
        Builder f32(float first, float second, float... rest) {
            f32(first).f32(second);
            for (float value : rest) f32(value);
            return this;
        }

        /** Up to eight dimensions, padded with 1s. */
        Builder shape8(int[] dims) {
            if (dims.length > 8) {
                throw new IllegalArgumentException(
                        kernel.name() + " supports at most 8 dimensions, got " + dims.length);
            }
            int[] padded = new int[8];
            Arrays.fill(padded, 1);
            System.arraycopy(dims, 0, padded, 0, dims.length);
            return add(ParamType.SHAPE8, padded);
        }

        Launch build() {
            check.checkComplete();
            return new Launch(kernel, grid.x(), grid.y(), grid.z(), grid.block(), args);
        }

        private Builder buffer(ParamType type, DeviceBuffer buffer, DType dtype) {
            check.expectBuffer(type, buffer, dtype);
            args.add(buffer);
            return this;
        }

        private Builder add(ParamType type, Object value) {
            check.expect(type);
            args.add(value);
            return this;
        }
    }
}
