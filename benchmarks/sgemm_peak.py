#!/usr/bin/python3
"""Measured float32 GEMM peak of this machine through numpy's BLAS (best of 5 at 2048^3), in GFLOP/s.
OPENBLAS_NUM_THREADS=1 measures one core."""
import time

import numpy as np

n = 2048
a = np.random.rand(n, n).astype(np.float32)
b = np.random.rand(n, n).astype(np.float32)
a @ b
best = float("inf")
for _ in range(5):
    start = time.perf_counter()
    a @ b
    best = min(best, time.perf_counter() - start)
print(2 * n ** 3 / best / 1e9)
