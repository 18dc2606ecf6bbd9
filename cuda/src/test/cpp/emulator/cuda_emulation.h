// Just enough of CUDA to run Cochlea's kernels as host C++, for tests on machines without a GPU.
//
// Blocks run one at a time. The 256 threads of a block (every kernel uses 256-thread blocks) are fibers
// on one OS thread, switched only at barriers: __shared__ variables become function statics,
// __syncthreads waits for all 256 fibers, and a warp shuffle waits for the 32 fibers of its warp. This checks the
// kernels' arithmetic, indexing and barrier placement, not GPU-specific behaviour (memory model, the JIT, timing).
#pragma once

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(threads)
#define __shared__ static
#define __align__(n) __attribute__((aligned(n)))
#define COCHLEA_EMULATED_TENSOR_CORES

struct uint3 {
    unsigned x, y, z;
};

struct alignas(16) float4 {
    float x, y, z, w;
};

// One OS thread runs every fiber, so plain globals that the scheduler sets before each switch suffice.
inline uint3 threadIdx;
inline uint3 blockIdx;
inline uint3 blockDim;
inline uint3 gridDim;

using std::max;
using std::min;

namespace emu {
constexpr int kBlock = 256;
constexpr int kWarps = kBlock / 32;
constexpr size_t kStackBytes = 128 * 1024;

// A fiber starts through ucontext (to get its own stack) and from then on switches with _setjmp/_longjmp, which,
// unlike swapcontext, make no system call to save the signal mask: the emulator is switch-bound.
struct Fiber {
    ucontext_t context;
    jmp_buf resume;
    bool started = false;
    std::vector<char> stack = std::vector<char>(kStackBytes);
    bool done = false;
    bool waiting = false;
};

inline Fiber fibers[kBlock];
inline jmp_buf scheduler;
inline int current = 0;
inline const std::function<void()>* body = nullptr;
inline int block_arrivals = 0;
inline int warp_arrivals[kWarps] = {};

inline void fiber_main() {
    (*body)();
    fibers[current].done = true;
    _longjmp(scheduler, 1);
}

inline void wait_here() {
    fibers[current].waiting = true;
    if (_setjmp(fibers[current].resume) == 0) _longjmp(scheduler, 1);
}

inline void arrive_block() {
    if (++block_arrivals == kBlock) {
        block_arrivals = 0;
        for (Fiber& f : fibers) f.waiting = false;
    } else {
        wait_here();
    }
}

inline void arrive_warp(int warp) {
    if (++warp_arrivals[warp] == 32) {
        warp_arrivals[warp] = 0;
        for (int lane = 0; lane < 32; lane++) fibers[warp * 32 + lane].waiting = false;
    } else {
        wait_here();
    }
}

inline void run_block() {
    for (Fiber& f : fibers) {
        getcontext(&f.context);
        f.context.uc_stack.ss_sp = f.stack.data();
        f.context.uc_stack.ss_size = f.stack.size();
        f.context.uc_link = nullptr;
        makecontext(&f.context, fiber_main, 0);
        f.started = false;
        f.done = false;
        f.waiting = false;
    }
    int finished = 0;
    while (finished < kBlock) {
        bool progressed = false;
        for (int t = 0; t < kBlock; t++) {
            if (fibers[t].done || fibers[t].waiting) continue;
            current = t;
            threadIdx = {(unsigned) t, 0, 0};
            if (_setjmp(scheduler) == 0) {
                if (fibers[t].started) {
                    _longjmp(fibers[t].resume, 1);
                }
                fibers[t].started = true;
                setcontext(&fibers[t].context);
            }
            progressed = true;
            if (fibers[t].done) finished++;
        }
        if (!progressed) {
            fprintf(stderr, "emulator: deadlock, threads wait at barriers that not all threads reach\n");
            abort();
        }
    }
}

// Runs body once per thread of each block of the grid.
class Pool {
  public:
    void run(uint3 grid, const std::function<void()>& kernel) {
        gridDim = grid;
        blockDim = {kBlock, 1, 1};
        body = &kernel;
        for (unsigned z = 0; z < grid.z; z++)
            for (unsigned y = 0; y < grid.y; y++)
                for (unsigned x = 0; x < grid.x; x++) {
                    blockIdx = {x, y, z};
                    run_block();
                }
    }
};
}  // namespace emu

inline void __syncthreads() {
    emu::arrive_block();
}

template <class T>
inline T __shfl_down_sync(unsigned /*mask*/, T v, int offset) {
    static T slots[emu::kWarps][32];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    slots[warp][lane] = v;
    emu::arrive_warp(warp);
    T r = lane + offset < 32 ? slots[warp][lane + offset] : v;
    emu::arrive_warp(warp);
    return r;
}

inline float atomicAdd(float* address, float v) {
    float old = *address;
    *address = old + v;
    return old;
}

inline unsigned __umulhi(unsigned a, unsigned b) {
    return (unsigned) (((unsigned long long) a * b) >> 32);
}

// ---- tensor cores (tensor_core.cuh) -------------------------------------------------------------------------------

inline uint32_t float_bits(float x) {
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

inline float bits_float(uint32_t u) {
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

// cvt.rna.tf32.f32: keep 10 of the 23 mantissa bits, rounding to nearest with ties away from zero (adding half of
// the dropped range to the magnitude, then truncating, does exactly that); infinities and NaN pass unchanged.
inline float to_tf32(float x) {
    uint32_t u = float_bits(x);
    if ((u & 0x7f800000u) == 0x7f800000u) return x;
    return bits_float((u + 0x1000u) & 0xffffe000u);
}

// What the tensor core reads of an operand register: its TF32 bits (the low 13 mantissa bits are ignored).
inline float tf32_operand(float x) {
    uint32_t u = float_bits(x);
    if ((u & 0x7f800000u) == 0x7f800000u) return x;
    return bits_float(u & 0xffffe000u);
}

// mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 for the calling lane's warp: every lane deposits its fragments
// (layout in tensor_core.cuh), the warp meets, every lane computes its four outputs from the whole 16 x 8 x 8
// product (float32 products accumulated onto C in k order), and the warp meets again before the slots are reused.
// The hardware's internal accumulation order and precision are not specified; the conformance tolerances for TF32
// cover that.
inline void mma_tf32_m16n8k8(float d[4], const float a[4], const float b[2]) {
    static float A[emu::kWarps][16][8], B[emu::kWarps][8][8], C[emu::kWarps][16][8];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    int g = lane >> 2, t = lane & 3;
    A[warp][g][t] = a[0];
    A[warp][g + 8][t] = a[1];
    A[warp][g][t + 4] = a[2];
    A[warp][g + 8][t + 4] = a[3];
    B[warp][t][g] = b[0];
    B[warp][t + 4][g] = b[1];
    C[warp][g][2 * t] = d[0];
    C[warp][g][2 * t + 1] = d[1];
    C[warp][g + 8][2 * t] = d[2];
    C[warp][g + 8][2 * t + 1] = d[3];
    emu::arrive_warp(warp);
    for (int q = 0; q < 4; q++) {
        int row = g + 8 * (q >> 1), col = 2 * t + (q & 1);
        float acc = C[warp][row][col];
        for (int k = 0; k < 8; k++) acc = fmaf(tf32_operand(A[warp][row][k]), tf32_operand(B[warp][k][col]), acc);
        d[q] = acc;
    }
    emu::arrive_warp(warp);
}
