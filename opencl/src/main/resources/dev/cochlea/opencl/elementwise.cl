// Element-wise kernels: one work-item per output element.
// Contraction into fma is off so these match the reference's separately rounded float multiply and add.
#pragma OPENCL FP_CONTRACT OFF

// UnaryOp and BinaryOp codes, in the order OpenClKernels passes them.
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

__kernel void fill(__global float* out, int n, float value) {
    const int i = get_global_id(0);
    if (i < n) {
        out[i] = value;
    }
}

inline float apply_unary(int op, float x) {
    switch (op) {
        case U_NEG: return -x;
        case U_EXP: return exp(x);
        case U_LOG: return log(x);
        case U_SQRT: return sqrt(x);
        case U_SQUARE: return x * x;
        case U_ABS: return fabs(x);
        case U_RELU: return x > 0.0f ? x : 0.0f;
        case U_TANH: return tanh(x);
        case U_SIGMOID: return 1.0f / (1.0f + exp(-x));
        default: return 1.0f / x; // U_RECIPROCAL
    }
}

__kernel void unary(__global const float* x, __global float* out, int n, int op) {
    const int i = get_global_id(0);
    if (i < n) {
        out[i] = apply_unary(op, x[i]);
    }
}

__kernel void affine(__global const float* x, __global float* out, int n, float scale, float shift) {
    const int i = get_global_id(0);
    if (i < n) {
        out[i] = x[i] * scale + shift;
    }
}

__kernel void axpy(float alpha, __global const float* x, __global float* y, int n) {
    const int i = get_global_id(0);
    if (i < n) {
        y[i] += alpha * x[i];
    }
}

inline float apply_binary(int op, float a, float b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_MAX: return java_max(a, b);
        default: return isnan(a) ? a : (isnan(b) ? b : fmin(a, b)); // B_MIN, NaN-propagating as Java's Math.min
    }
}

__kernel void binary_flat(__global const float* a, __global const float* b, __global float* out, int n, int op) {
    const int i = get_global_id(0);
    if (i < n) {
        out[i] = apply_binary(op, a[i], b[i]);
    }
}

// Broadcast: shape, aStrides and bStrides describe rank (<= 8) output axes; stride 0 repeats an operand.
__kernel void binary_broadcast(__global const float* a, __global const float* b, __global float* out, int n, int op,
                               int rank, int8 shape8, int8 aStrides8, int8 bStrides8) {
    const int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    int shape[8], as[8], bs[8];
    vstore8(shape8, 0, shape);
    vstore8(aStrides8, 0, as);
    vstore8(bStrides8, 0, bs);
    out[i] = apply_binary(op, a[strided_offset(i, rank, shape, as)], b[strided_offset(i, rank, shape, bs)]);
}

__kernel void relu_backward(__global const float* x, __global const float* gradOut, __global float* gradIn, int n) {
    const int i = get_global_id(0);
    if (i < n) {
        gradIn[i] = x[i] > 0.0f ? gradOut[i] : 0.0f;
    }
}

// CounterRng.uniform: SplitMix64's finaliser over (seed, index) on 64-bit unsigned integers, as Java's long
// arithmetic wraps the same way and >>> is a logical shift.
inline float counter_uniform(ulong seed, ulong index) {
    ulong z = seed + (index + 1UL) * 0x9E3779B97F4A7C15UL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    z = z ^ (z >> 31);
    return (float) (z >> 40) * (1.0f / 16777216.0f);
}

__kernel void dropout(__global const float* x, __global float* mask, __global float* out, int n, float p,
                      float keptScale, long seed) {
    const int i = get_global_id(0);
    if (i < n) {
        const float m = counter_uniform((ulong) seed, (ulong) i) >= p ? keptScale : 0.0f;
        mask[i] = m;
        out[i] = x[i] * m;
    }
}
