package dev.cochlea.opencl;

import org.jocl.cl_kernel;

/** A built kernel: its "family/name" for messages, its handle, and the largest work-group it can run with. */
record ClKernel(String name, cl_kernel handle, long maxWorkGroupSize) {}
