package dev.cochlea.kernels;

/** Element types a {@link DeviceBuffer} can hold. Tensors are float32; int32 carries labels and pooling indices. */
public enum DType {
    FLOAT32(4),
    INT32(4);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
