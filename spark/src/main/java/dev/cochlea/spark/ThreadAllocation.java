package dev.cochlea.spark;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread has allocated on the heap so far, as HotSpot counts them
 * ({@code com.sun.management.ThreadMXBean}); -1 on a JVM that does not count them. A training step's allocation is
 * what drives young collections, whose pauses make one rank of a synchronous gang wait for another.
 */
final class ThreadAllocation {
    private final com.sun.management.ThreadMXBean threads = hotSpotThreads();

    boolean counts() {
        return threads != null;
    }

    long bytes() {
        return threads == null ? -1 : threads.getCurrentThreadAllocatedBytes();
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
