// Stand-in for CUDA's math_constants.h when the kernels are compiled as host C++ by the emulator.
#pragma once
#include <math.h>
#define CUDART_INF_F INFINITY
#define CUDART_NAN_F NAN
