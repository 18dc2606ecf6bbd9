package dev.cochlea.cuda;

import dev.cochlea.kernels.BlockPool;

/**
 * The cuda backend's caching allocator: the backends' shared {@link BlockPool} over {@link SizeClasses}, caching
 * every released block (the device's memory is the limit; when it runs out the cache is freed and the request tried
 * once more). Its {@code Memory}, {@code OutOfDeviceMemory} and {@code Block} are {@link BlockPool}'s.
 *
 * @param <P> the device's handle for a block (a CUdeviceptr; tests use plain objects)
 */
final class DevicePool<P> extends BlockPool<P> {

    DevicePool(Memory<P> memory) {
        super(memory, SizeClasses::roundUp, CacheLimit.none(), "the CUDA device was closed");
    }
}
