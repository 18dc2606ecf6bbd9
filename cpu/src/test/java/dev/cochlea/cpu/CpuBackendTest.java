package dev.cochlea.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.kernels.Backends;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.HostBuffer;
import org.junit.jupiter.api.Test;

class CpuBackendTest {

    @Test
    void isFoundByServiceLoaderAndAvailableWithTheVectorModule() {
        CpuBackend cpu = (CpuBackend) Backends.get("cpu");
        assertEquals(20, cpu.priority());
        assertTrue(cpu.isAvailable());
        assertTrue(cpu.threads() >= 1);
    }

    @Test
    void unavailableReasonNamesTheMissingModuleAndTheFlag() {
        assertTrue(CpuBackend.vectorModuleMissing(true).isEmpty());
        assertEquals(
                "jdk.incubator.vector is not enabled: start the JVM with --add-modules jdk.incubator.vector",
                CpuBackend.vectorModuleMissing(false).orElseThrow());
    }

    @Test
    void closedBuffersReturnTheirArraysForReuse() {
        CpuBackend cpu = new CpuBackend(1);
        DeviceBuffer first = cpu.allocate(DType.FLOAT32, 1000);
        float[] storage = HostBuffer.floats(first);
        first.close();
        first.close(); // idempotent: the array must not enter the free list twice
        DeviceBuffer second = cpu.allocate(DType.FLOAT32, 990); // same size class as 1000
        assertSame(storage, HostBuffer.floats(second));
        DeviceBuffer third = cpu.allocate(DType.FLOAT32, 1000);
        assertFalse(storage == HostBuffer.floats(third), "a lent array must not be lent twice");
        assertEquals(1, cpu.pool().reusedCount());
        assertEquals(2, cpu.pool().createdCount());
    }

    @Test
    void closedBuffersAreRejected() {
        CpuBackend cpu = new CpuBackend(1);
        DeviceBuffer b = cpu.allocate(DType.FLOAT32, 4);
        b.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cpu.upload(new float[4], 0, b, 0, 4));
        assertTrue(e.getMessage().contains("after close()"), e.getMessage());
        DeviceBuffer ints = cpu.allocate(DType.INT32, 4);
        assertThrows(IllegalStateException.class, () -> HostBuffer.floats(ints));
    }

    @Test
    void poolKeepsNoMoreThanItsLimit() {
        BufferPool pool = new BufferPool(4096);
        CpuBackend cpu = new CpuBackend(1);
        HostBuffer small = pool.allocate(cpu, DType.FLOAT32, 512); // 2 KB: retained
        HostBuffer big = pool.allocate(cpu, DType.FLOAT32, 4096); // 16 KB: over the limit, dropped
        small.close();
        big.close();
        assertEquals(2048, pool.retainedBytes());
    }

    @Test
    void sizeClassesWasteAtMostAnEighth() {
        for (long n : new long[] {1, 17, 100, 1000, 31_901, 32L * 32 * 31_901}) {
            long c = BufferPool.sizeClass(n);
            assertTrue(c >= n && c <= Math.max(16, n + n / 8 + 1), n + " -> " + c);
        }
    }

    @Test
    void uploadsAndDownloadsRoundTrip() {
        CpuBackend cpu = new CpuBackend(1);
        try (DeviceBuffer f = cpu.allocate(DType.FLOAT32, 3);
                DeviceBuffer i = cpu.allocate(DType.INT32, 2)) {
            cpu.upload(new float[] {9, 1, 2, 3}, 1, f, 0, 3);
            cpu.upload(new int[] {7, 8}, 0, i, 0, 2);
            float[] fo = new float[3];
            int[] io = new int[2];
            cpu.download(f, 0, fo, 0, 3);
            cpu.download(i, 0, io, 0, 2);
            assertArrayEquals(new float[] {1, 2, 3}, fo);
            assertArrayEquals(new int[] {7, 8}, io);
        }
    }
}
