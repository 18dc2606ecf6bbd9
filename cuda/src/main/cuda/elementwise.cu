// Element-wise kernels: grid-stride loops over n elements, one thread per element per step.
#include "common.cuh"
#include "counter_rng.cuh"

// Operation codes: the ordinal of dev.cochlea.kernels.UnaryOp / BinaryOp (checked by the Java tests).
#define U_NEG 0
#define U_EXP 1
#define U_LOG 2
#define U_SQRT 3
#define U_SQUARE 4
#define U_ABS 5
#define U_RELU 6
#define U_TANH 7
#define U_SIGMOID 8
#define U_RECIPROCAL 9

#define B_ADD 0
#define B_SUB 1
#define B_MUL 2
#define B_DIV 3
#define B_MAX 4
#define B_MIN 5

extern "C" __global__ void fill_f32(float* out, long long n, float value) {
    for (long long i = global_index(); i < n; i += global_stride()) out[i] = value;
}

// Copies 32-bit words, so it serves float32 and int32 buffers alike without touching the bits.
extern "C" __global__ void copy_words(const unsigned int* src, unsigned int* dst, long long n) {
    for (long long i = global_index(); i < n; i += global_stride()) dst[i] = src[i];
}

__device__ __forceinline__ float unary_apply(int op, float x) {
    switch (op) {
        case U_NEG: return -x;
        case U_EXP: return expf(x);
        case U_LOG: return logf(x);
        case U_SQRT: return sqrtf(x);
        case U_SQUARE: return x * x;
        case U_ABS: return fabsf(x);
        case U_RELU: return x > 0.0f ? x : 0.0f;
        case U_TANH: return tanhf(x);
        case U_SIGMOID: return 1.0f / (1.0f + expf(-x));
        default: return 1.0f / x;  // U_RECIPROCAL
    }
}

extern "C" __global__ void unary_f32(const float* x, float* out, long long n, int op) {
    for (long long i = global_index(); i < n; i += global_stride()) out[i] = unary_apply(op, x[i]);
}

extern "C" __global__ void affine_f32(const float* x, float* out, long long n, float scale, float shift) {
    for (long long i = global_index(); i < n; i += global_stride()) out[i] = x[i] * scale + shift;
}

extern "C" __global__ void axpy_f32(float alpha, const float* x, float* y, long long n) {
    for (long long i = global_index(); i < n; i += global_stride()) y[i] += alpha * x[i];
}

// Java's Math.max/min propagate NaN, fmaxf/fminf do not: keep Java's definition.
__device__ __forceinline__ float binary_apply(int op, float a, float b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_MAX: return nan_max(a, b);
        default: return (a != a || b != b) ? CUDART_NAN_F : fminf(a, b);  // B_MIN
    }
}

// Both operands have the output's shape: a flat loop.
extern "C" __global__ void binary_flat(const float* a, const float* b, float* out, long long n, int op) {
    for (long long i = global_index(); i < n; i += global_stride()) out[i] = binary_apply(op, a[i], b[i]);
}

// Broadcasting: decode the output index into coordinates and dot them with each operand's strides (0 = broadcast).
extern "C" __global__ void binary_broadcast(const float* a, const float* b, float* out, Shape8 shape,
                                            Shape8 a_strides, Shape8 b_strides, int rank, long long n, int op) {
    for (long long i = global_index(); i < n; i += global_stride()) {
        long long rest = i;
        long long ia = 0, ib = 0;
        for (int d = rank - 1; d >= 0; d--) {
            long long coord = rest % shape.v[d];
            rest /= shape.v[d];
            ia += coord * a_strides.v[d];
            ib += coord * b_strides.v[d];
        }
        out[i] = binary_apply(op, a[ia], b[ib]);
    }
}

extern "C" __global__ void relu_backward(const float* x, const float* grad_out, float* grad_in, long long n) {
    for (long long i = global_index(); i < n; i += global_stride()) grad_in[i] = x[i] > 0.0f ? grad_out[i] : 0.0f;
}

extern "C" __global__ void dropout_f32(const float* x, float* mask, float* out, long long n, float p,
                                       unsigned long long seed) {
    float keep_scale = 1.0f / (1.0f - p);
    for (long long i = global_index(); i < n; i += global_stride()) {
        float m = counter_uniform(seed, (unsigned long long) i) >= p ? keep_scale : 0.0f;
        mask[i] = m;
        out[i] = x[i] * m;
    }
}
