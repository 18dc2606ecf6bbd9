package dev.cochlea.spark;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * What a training step costs the heap: the bytes the current thread has allocated so far, as HotSpot counts them
 * ({@code com.sun.management.ThreadMXBean}; -1 on a JVM that does not count them), and the collections this JVM has
 * run with their accumulated time. A step's allocation drives young collections, and a collection's pause makes the
 * other ranks of a synchronous gang wait for this one.
 */
final class ThreadAllocation {
    private final com.sun.management.ThreadMXBean threads = hotSpotThreads();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();

    boolean counts() {
        return threads != null;
    }

    long bytes() {
        return threads == null ? -1 : threads.getCurrentThreadAllocatedBytes();
    }

    /** Collections so far, over all of this JVM's collectors. */
    long collections() {
        long count = 0;
        for (GarbageCollectorMXBean c : collectors) {
            count += Math.max(0, c.getCollectionCount());
        }
        return count;
    }

    /**
     * Milliseconds spent collecting so far, over all collectors, as the JVM reports it (for HotSpot's stop-the-world
     * collectors the pauses; G1's concurrent marking and its short remark and cleanup pauses are not in it).
     */
    long collectionMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean c : collectors) {
            millis += Math.max(0, c.getCollectionTime());
        }
        return millis;
    }

    private static com.sun.management.ThreadMXBean hotSpotThreads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()
                && t.isThreadAllocatedMemoryEnabled()) {
            return t;
        }
        return null;
    }
}
