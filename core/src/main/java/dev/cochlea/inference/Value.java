package dev.cochlea.inference;

import dev.cochlea.Tensor;
import dev.cochlea.kernels.DeviceBuffer;

/**
 * An activation between plan steps: its elements (the first size() of {@code buffer}), its shape, the tensor that
 * holds it when there is one (the caller's input, a fallback layer's output), and the {@link Arena} slot it lives in
 * (-1 when it is in no slot).
 */
record Value(DeviceBuffer buffer, int[] shape, Tensor tensor, int slot) {
    static Value of(Tensor t) {
        return new Value(t.buffer(), t.shape(), t, -1);
    }

    long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    int rank() {
        return shape.length;
    }

    int dim(int axis) {
        return shape[axis];
    }

    /** This value as a tensor: the one it is, or a copy of its buffer's elements. */
    Tensor asTensor() {
        if (tensor != null) {
            return tensor;
        }
        Tensor t = Tensor.empty(buffer.backend(), shape);
        buffer.backend().kernels().copy(buffer, t.buffer(), size());
        return t;
    }
}
