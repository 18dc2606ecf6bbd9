// dev.cochlea.kernels.CounterRng.uniform in unsigned 64-bit arithmetic: Java's >>> is a logical shift, and two's
// complement wrap-around makes signed and unsigned products agree bit for bit. Host and device, so that
// CounterRngHostTest can run this very code on the CPU and compare it with the Java generator.
#pragma once

__host__ __device__ __forceinline__ float counter_uniform(unsigned long long seed, unsigned long long index) {
    unsigned long long z = seed + (index + 1ull) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z = z ^ (z >> 31);
    return (float) (unsigned int) (z >> 40) * 0x1.0p-24f;
}
