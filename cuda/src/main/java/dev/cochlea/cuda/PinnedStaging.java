package dev.cochlea.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * Host copies through two pinned (page-locked) staging buffers, as cuMemcpyHtoDAsync / DtoHAsync on the backend's
 * stream. A copy from a Java array cannot be asynchronous by itself (the array may move or change), and a copy from
 * pageable memory is staged by the driver anyway; staging it ourselves in pinned memory lets the DMA engine run at
 * full speed, keeps every copy in order with the kernels on our one stream, and overlaps filling one half with the
 * transfer of the other. An upload returns once its last piece is queued (the array may be reused at once); a
 * download waits for its pieces. Thread-safe: one copy at a time.
 */
final class PinnedStaging {
    /** Bytes per half: large enough to reach the link's bandwidth, small enough to pin without fuss. */
    static final int HALF_BYTES = 4 << 20;

    private final CUstream stream;
    private final FaultLog faults;
    private final Pointer[] host = new Pointer[2];
    private final ByteBuffer[] view = new ByteBuffer[2];
    private final CUevent[] copied = new CUevent[2];
    private final boolean[] inFlight = new boolean[2];
    private int next;

    PinnedStaging(CUstream stream, FaultLog faults) {
        this.stream = stream;
        this.faults = faults;
        for (int half = 0; half < 2; half++) {
            host[half] = new Pointer();
            faults.check(JCudaDriver.cuMemAllocHost(host[half], HALF_BYTES), "cuMemAllocHost", "pinned staging buffer");
            view[half] = host[half].getByteBuffer(0, HALF_BYTES).order(ByteOrder.nativeOrder());
            copied[half] = new CUevent();
            faults.check(
                    JCudaDriver.cuEventCreate(copied[half], jcuda.driver.CUevent_flags.CU_EVENT_DISABLE_TIMING),
                    "cuEventCreate",
                    "staging event");
        }
    }

    /** Where array elements come from or go to: a float[] or an int[], at an element offset. */
    record HostArray(Copy read, Copy write) {
        /** Moves {@code count} elements between the staging bytes and the array, from element {@code offset} on. */
        interface Copy {
            void apply(ByteBuffer staging, int offset, int count);
        }

        static HostArray of(float[] array) {
            return new HostArray(
                    (into, offset, count) -> into.asFloatBuffer().put(array, offset, count),
                    (from, offset, count) -> from.asFloatBuffer().get(array, offset, count));
        }

        static HostArray of(int[] array) {
            return new HostArray(
                    (into, offset, count) -> into.asIntBuffer().put(array, offset, count),
                    (from, offset, count) -> from.asIntBuffer().get(array, offset, count));
        }
    }

    /** Queues a copy of {@code count} 4-byte elements from the array to {@code dst}. */
    synchronized void upload(HostArray src, int srcOffset, CUdeviceptr dst, int count) {
        int perHalf = HALF_BYTES / 4;
        for (int done = 0; done < count; done += perHalf) {
            int n = Math.min(perHalf, count - done);
            int half = next;
            next ^= 1;
            awaitHalf(half);
            src.read().apply(view[half].clear(), srcOffset + done, n);
            faults.check(
                    JCudaDriver.cuMemcpyHtoDAsync(dst.withByteOffset(4L * done), host[half], 4L * n, stream),
                    "cuMemcpyHtoDAsync",
                    "upload of " + 4L * n + " bytes");
            record(half);
        }
    }

    /** Copies {@code count} elements from {@code src} into the array, after all work queued before. */
    synchronized void download(CUdeviceptr src, HostArray dst, int dstOffset, int count) {
        int perHalf = HALF_BYTES / 4;
        int pieces = (count + perHalf - 1) / perHalf;
        int first = next;
        for (int piece = 0; piece < Math.min(2, pieces); piece++) {
            queueDownload(src, piece, perHalf, count, (first + piece) & 1);
        }
        for (int piece = 0; piece < pieces; piece++) {
            int half = (first + piece) & 1;
            awaitHalf(half);
            int n = Math.min(perHalf, count - piece * perHalf);
            dst.write().apply(view[half].clear(), dstOffset + piece * perHalf, n);
            if (piece + 2 < pieces) {
                queueDownload(src, piece + 2, perHalf, count, half);
            }
        }
        next = (first + pieces) & 1;
    }

    private void queueDownload(CUdeviceptr src, int piece, int perHalf, int count, int half) {
        // The half may still feed an upload: that copy is earlier on the same stream, so it finishes first.
        int n = Math.min(perHalf, count - piece * perHalf);
        faults.check(
                JCudaDriver.cuMemcpyDtoHAsync(host[half], src.withByteOffset(4L * piece * perHalf), 4L * n, stream),
                "cuMemcpyDtoHAsync",
                "download of " + 4L * n + " bytes");
        record(half);
    }

    private void record(int half) {
        faults.check(JCudaDriver.cuEventRecord(copied[half], stream), "cuEventRecord", "staging event");
        inFlight[half] = true;
    }

    /** Waits until the copy that last used this half is done, so the host may touch it. */
    private void awaitHalf(int half) {
        if (inFlight[half]) {
            faults.check(
                    JCudaDriver.cuEventSynchronize(copied[half]),
                    "cuEventSynchronize",
                    "waiting for a copy (and the kernels queued before it)");
            inFlight[half] = false;
        }
    }
}
