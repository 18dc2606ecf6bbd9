/**
 * Test helpers that read a backend's kernel sources (.cl, .cu): their kernel declarations and op-code defines, and the
 * checks that hold a Java launch catalog and the op enums to them.
 */
package dev.cochlea.kernels.sources;
