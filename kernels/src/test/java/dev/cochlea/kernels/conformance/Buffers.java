package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Uploads and downloads through the {@link Backend} API only, and closes every buffer it made when closed, so a test
 * reads as "upload inputs, run the kernel, download outputs" inside one try-with-resources block:
 * <pre>{@code
 * try (Buffers io = new Buffers(backend)) {
 *     DeviceBuffer y = io.nanFloats(n);
 *     backend.kernels().unary(UnaryOp.EXP, io.upload(x), y, n);
 *     return io.download(y);
 * }
 * }</pre>
 */
public final class Buffers implements AutoCloseable {
    /** What int32 outputs are pre-filled with, so an index the kernel never wrote is caught. */
    public static final int GARBAGE_INT = Integer.MIN_VALUE;

    private final Backend backend;
    private final List<DeviceBuffer> owned = new ArrayList<>();

    public Buffers(Backend backend) {
        this.backend = backend;
    }

    public Backend backend() {
        return backend;
    }

    /** The backend's kernels, to run on the buffers made here. */
    public Kernels kernels() {
        return backend.kernels();
    }

    /** A new float32 buffer holding a copy of {@code data}. */
    public DeviceBuffer upload(float[] data) {
        DeviceBuffer b = allocate(DType.FLOAT32, data.length);
        backend.upload(data, 0, b, 0, data.length);
        return b;
    }

    /** A new int32 buffer holding a copy of {@code data}. */
    public DeviceBuffer upload(int[] data) {
        DeviceBuffer b = allocate(DType.INT32, data.length);
        backend.upload(data, 0, b, 0, data.length);
        return b;
    }

    /** {@link #upload(float[])}, or null for null: for optional arguments such as a bias. */
    public DeviceBuffer uploadOrNull(float[] data) {
        return data == null ? null : upload(data);
    }

    /** A float32 output pre-filled with NaN: any element the kernel fails to overwrite shows up in the comparison. */
    public DeviceBuffer nanFloats(long n) {
        return filled(n, Float.NaN);
    }

    /** A float32 buffer of n copies of {@code value}. */
    public DeviceBuffer filled(long n, float value) {
        float[] host = new float[Math.toIntExact(n)];
        Arrays.fill(host, value);
        return upload(host);
    }

    /** An int32 output pre-filled with {@link #GARBAGE_INT}. */
    public DeviceBuffer garbageInts(long n) {
        int[] host = new int[Math.toIntExact(n)];
        Arrays.fill(host, GARBAGE_INT);
        return upload(host);
    }

    /** Every element of a float32 buffer (the download waits for queued kernels). */
    public float[] download(DeviceBuffer b) {
        float[] host = new float[Math.toIntExact(b.size())];
        backend.download(b, 0, host, 0, host.length);
        return host;
    }

    /** {@link #download(DeviceBuffer)}, or null for null. */
    public float[] downloadOrNull(DeviceBuffer b) {
        return b == null ? null : download(b);
    }

    /** Every element of an int32 buffer. */
    public int[] downloadInts(DeviceBuffer b) {
        int[] host = new int[Math.toIntExact(b.size())];
        backend.download(b, 0, host, 0, host.length);
        return host;
    }

    /** A buffer with unspecified contents that this object closes. */
    public DeviceBuffer allocate(DType dtype, long n) {
        DeviceBuffer b = backend.allocate(dtype, n);
        owned.add(b);
        return b;
    }

    @Override
    public void close() {
        for (DeviceBuffer b : owned) {
            b.close();
        }
        owned.clear();
    }
}
