// Division by a divisor fixed for a whole launch (a length, a kernel size) without the ~20-instruction integer
// division: a multiply-high and a shift (Granlund & Montgomery, "Division by invariant integers using
// multiplication", 1994; the form CUTLASS's FastDivmod uses). Valid for 0 <= n < 2^31 and 1 <= d < 2^31.
#pragma once

struct FastDiv {
    unsigned d, mul, shift;

    __device__ explicit FastDiv(int divisor) : d((unsigned) divisor) {
        shift = 0;
        while ((1u << shift) < d) shift++;
        // mul = floor(2^32 (2^shift - d) / d) + 1, which fits in 32 bits for shift <= 31.
        mul = (unsigned) (((1ull << 32) * ((1ull << shift) - d)) / d + 1);
    }

    __device__ __forceinline__ int div(int n) const {
        unsigned u = (unsigned) n;
        return (int) ((__umulhi(u, mul) + u) >> shift);
    }

    // q = n / d, r = n % d
    __device__ __forceinline__ void divmod(int n, int& q, int& r) const {
        q = div(n);
        r = n - q * (int) d;
    }
};
