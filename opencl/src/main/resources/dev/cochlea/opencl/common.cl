// Helpers shared by every kernel family; ProgramCache puts this file in front of each family's source.
// Work-group reductions expect a power-of-two local size and a __local scratch array of that many floats.

// Java's Math.max: NaN wins, so a NaN input propagates as the reference (and PyTorch's amax) does.
inline float java_max(float a, float b) {
    return isnan(a) ? a : (isnan(b) ? b : fmax(a, b));
}

// Java's "v > best, or v is NaN and best is not": the rule argmax and max-pool use to pick the first maximum.
inline bool is_greater(float v, float best) {
    return v > best || (isnan(v) && !isnan(best));
}

// Kahan-compensated accumulation: the long per-work-item sums stay close to the reference's double sums.
inline void kahan_add(float* sum, float* comp, float v) {
    float y = v - *comp;
    float t = *sum + y;
    *comp = (t - *sum) - y;
    *sum = t;
}

// Sum of v over the work-group (a pairwise tree), returned to every work-item.
inline float group_sum(__local float* scratch, float v) {
    const int lid = get_local_id(0);
    barrier(CLK_LOCAL_MEM_FENCE); // earlier readers of scratch are done
    scratch[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = get_local_size(0) / 2; s > 0; s >>= 1) {
        if (lid < s) {
            scratch[lid] += scratch[lid + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    return scratch[0];
}

// Java_max of v over the work-group, returned to every work-item.
inline float group_max(__local float* scratch, float v) {
    const int lid = get_local_id(0);
    barrier(CLK_LOCAL_MEM_FENCE);
    scratch[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = get_local_size(0) / 2; s > 0; s >>= 1) {
        if (lid < s) {
            scratch[lid] = java_max(scratch[lid], scratch[lid + s]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    return scratch[0];
}

// Row-major multi-index walk: the offset of flat index i of a tensor of the given shape under the given strides.
inline int strided_offset(int i, int rank, const int* shape, const int* strides) {
    int offset = 0;
    for (int axis = rank - 1; axis >= 0; axis--) {
        offset += (i % shape[axis]) * strides[axis];
        i /= shape[axis];
    }
    return offset;
}

// Where the m-th of the batch * length elements of channel c sits in x [batch, channels, length].
inline int channel_offset(int m, int c, int channels, int length) {
    const int n = m / length;
    return (n * channels + c) * length + (m - n * length);
}
