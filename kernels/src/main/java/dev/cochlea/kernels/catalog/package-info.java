/**
 * What a backend's launch catalog says about its kernel sources (.cl, .cu): each kernel's file, name and parameter
 * types, and the check that holds a launch's arguments to them, shared by the OpenCL and CUDA backends.
 */
package dev.cochlea.kernels.catalog;
