package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The caching allocator over a fake device memory with a capacity. */
class DevicePoolTest {

    /** Hands out numbered blocks and fails once more than {@code capacity} bytes are live. */
    private static class FakeMemory implements DevicePool.Memory<Object> {
        final long capacity;
        long live;
        int allocations;
        final List<Object> freed = new ArrayList<>();

        FakeMemory(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public Object allocate(long bytes) {
            if (live + bytes > capacity) {
                throw new DevicePool.OutOfDeviceMemory("fake device full");
            }
            live += bytes;
            allocations++;
            return new long[] {bytes};
        }

        @Override
        public void free(Object block) {
            live -= ((long[]) block)[0];
            freed.add(block);
        }
    }

    @Test
    void releasedBlocksAreReusedForTheSameClass() {
        FakeMemory memory = new FakeMemory(1 << 20);
        DevicePool<Object> pool = new DevicePool<>(memory);
        DevicePool.Block<Object> a = pool.acquire(1000);
        assertEquals(1024, a.bytes());
        assertEquals(1024, pool.inUseBytes());
        pool.release(a);
        assertEquals(0, pool.inUseBytes());
        assertEquals(1024, pool.cachedBytes());

        DevicePool.Block<Object> b = pool.acquire(900); // same class: no new allocation
        assertSame(a.handle(), b.handle());
        assertEquals(1, memory.allocations);
        assertEquals(0, pool.cachedBytes());

        DevicePool.Block<Object> c = pool.acquire(4000); // another class
        assertNotSame(b.handle(), c.handle());
        assertEquals(2, memory.allocations);
    }

    @Test
    void runningOutOfMemoryFreesTheCacheAndRetries() {
        FakeMemory memory = new FakeMemory(3000);
        DevicePool<Object> pool = new DevicePool<>(memory);
        pool.release(pool.acquire(1024));
        pool.release(pool.acquire(512));
        assertEquals(1536, pool.cachedBytes());
        DevicePool.Block<Object> big = pool.acquire(2048); // fits only once the cache is freed
        assertEquals(2048, big.bytes());
        assertEquals(2, memory.freed.size());
        assertEquals(0, pool.cachedBytes());

        assertThrows(DevicePool.OutOfDeviceMemory.class, () -> pool.acquire(2048), "a real shortage still fails");
    }

    @Test
    void buffersWaitingForTheCleanerAreReclaimedBeforeGivingUp() {
        FakeMemory memory = new FakeMemory(2048);
        DevicePool<Object>[] holder = new DevicePool[1];
        List<DevicePool.Block<Object>> dropped = new ArrayList<>();
        int[] reclaims = {0};
        // Stands in for System.gc() + the Cleaner: returns the dropped blocks to the pool.
        holder[0] = new DevicePool<>(memory, () -> {
            reclaims[0]++;
            dropped.forEach(holder[0]::release);
            dropped.clear();
        });
        DevicePool<Object> pool = holder[0];
        dropped.add(pool.acquire(1024));
        dropped.add(pool.acquire(1024));
        DevicePool.Block<Object> fresh = pool.acquire(2048); // fits once the dropped blocks are back and trimmed
        assertEquals(2048, fresh.bytes());
        assertEquals(1, reclaims[0]);
        assertEquals(2048, pool.inUseBytes());
    }

    @Test
    void aRealShortageNamesTheRequestAndTheDeviceState() {
        FakeMemory memory = new FakeMemory(1024) {
            @Override
            public String describe() {
                return "Fake GPU has 0 MiB free of 1 MiB";
            }
        };
        DevicePool<Object> pool = new DevicePool<>(memory, () -> {});
        pool.acquire(1000);
        DevicePool.OutOfDeviceMemory e = assertThrows(DevicePool.OutOfDeviceMemory.class, () -> pool.acquire(5000));
        assertTrue(
                e.getMessage()
                        .startsWith("out of device memory: a request for 5000 bytes (5120 in its size "
                                + "class) failed after freeing the cached blocks and collecting dropped buffers; Fake GPU has 0 MiB "
                                + "free of 1 MiB; this pool lends 1024 bytes to live buffers"),
                e.getMessage());
        assertEquals(1024, pool.inUseBytes(), "the failed request leaves the books straight");
    }
}
