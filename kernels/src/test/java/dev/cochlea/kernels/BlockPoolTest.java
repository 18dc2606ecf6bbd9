package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The caching allocator shared by the backends, over a fake device that counts what it is asked for. */
class BlockPoolTest {

    /** A device of {@code capacity} bytes whose blocks are their own sizes. */
    private static final class FakeMemory implements BlockPool.Memory<long[]> {
        final long capacity;
        long live;
        final List<long[]> freed = new ArrayList<>();

        FakeMemory(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public long[] allocate(long bytes) {
            if (live + bytes > capacity) {
                throw new BlockPool.OutOfDeviceMemory("fake device full");
            }
            live += bytes;
            return new long[] {bytes};
        }

        @Override
        public void free(long[] block) {
            live -= block[0];
            freed.add(block);
        }
    }

    private static BlockPool<long[]> pool(FakeMemory memory, BlockPool.CacheLimit limit) {
        return new BlockPool<>(memory, bytes -> Math.max(256, Long.highestOneBit(bytes - 1) << 1), limit, "closed");
    }

    @Test
    void aReleasedBlockServesTheNextRequestOfItsSizeClass() {
        FakeMemory memory = new FakeMemory(1 << 20);
        BlockPool<long[]> pool = pool(memory, BlockPool.CacheLimit.none());
        BlockPool.Block<long[]> a = pool.acquire(1000);
        assertEquals(1024, a.bytes());
        pool.release(a);
        assertEquals(1024, pool.cachedBytes());
        BlockPool.Block<long[]> b = pool.acquire(900);
        assertSame(a.handle(), b.handle());
        assertEquals(1, pool.created());
        assertEquals(1, pool.reused());
        assertEquals(1024, pool.inUseBytes());
        assertEquals(0, pool.cachedBytes());
    }

    @Test
    void aFullDeviceFreesTheCacheAndRetriesOnce() {
        FakeMemory memory = new FakeMemory(2048);
        BlockPool<long[]> pool = pool(memory, BlockPool.CacheLimit.none());
        pool.release(pool.acquire(1024));
        pool.release(pool.acquire(512));
        BlockPool.Block<long[]> big = pool.acquire(2048);
        assertEquals(2048, big.bytes());
        assertEquals(2, memory.freed.size(), "both cached blocks went back to the device");
        assertThrows(BlockPool.OutOfDeviceMemory.class, () -> pool.acquire(256));
    }

    @Test
    void poolsSharingALimitCacheNoMoreThanItAllows() {
        FakeMemory memory = new FakeMemory(1 << 20);
        BlockPool.CacheLimit limit = new BlockPool.CacheLimit(1024);
        BlockPool<long[]> first = pool(memory, limit);
        BlockPool<long[]> second = pool(memory, limit);
        BlockPool.Block<long[]> a = first.acquire(1024);
        BlockPool.Block<long[]> b = second.acquire(1024);
        first.release(a);
        second.release(b);
        assertEquals(1024, first.cachedBytes());
        assertEquals(0, second.cachedBytes(), "over the shared limit: freed");
        assertEquals(List.of(b.handle()), memory.freed);
        first.trim();
        second.release(second.acquire(1024));
        assertEquals(1024, second.cachedBytes(), "trimming gave the budget back");
    }

    @Test
    void aClosedPoolRefusesRequestsAndFreesWhatComesBack() {
        FakeMemory memory = new FakeMemory(1 << 20);
        BlockPool<long[]> pool = pool(memory, BlockPool.CacheLimit.none());
        BlockPool.Block<long[]> a = pool.acquire(300);
        pool.close();
        assertEquals(
                "closed",
                assertThrows(IllegalStateException.class, () -> pool.acquire(1)).getMessage());
        pool.release(a);
        assertEquals(List.of(a.handle()), memory.freed);
        assertEquals(0, pool.cachedBytes());
    }

    /** What the cuda and opencl pools round requests to (each backend's tests held its own copy before). */
    @Test
    void deviceSizeClassesWasteAtMostAQuarter() {
        assertEquals(256, BlockPool.deviceSizeClass(0));
        assertEquals(256, BlockPool.deviceSizeClass(1));
        assertEquals(256, BlockPool.deviceSizeClass(256));
        assertEquals(320, BlockPool.deviceSizeClass(257)); // 256 + 64
        assertEquals(1024, BlockPool.deviceSizeClass(1000));
        assertEquals(640, BlockPool.deviceSizeClass(600));
        assertEquals(1024, BlockPool.deviceSizeClass(1024));
        assertEquals(1280, BlockPool.deviceSizeClass(1025));
        assertEquals(1792, BlockPool.deviceSizeClass(1700));
        assertEquals(5L << 20, BlockPool.deviceSizeClass((4L << 20) + 1));
        long big = 8L * 7975 * 64 * 4; // one conv activation of the seed network
        long bucket = BlockPool.deviceSizeClass(big);
        assertEquals(true, bucket >= big && bucket <= big * 1.25);
        for (long bytes = 1; bytes < 50_000_000; bytes = bytes * 3 + 7) {
            long size = BlockPool.deviceSizeClass(bytes);
            assertTrue(size >= bytes && size % 64 == 0, "class of " + bytes + " is " + size);
            assertTrue(size <= Math.max(256, bytes * 1.25 + 1), "class of " + bytes + " wastes too much: " + size);
        }
        assertThrows(IllegalArgumentException.class, () -> BlockPool.deviceSizeClass(-1));
    }
}
