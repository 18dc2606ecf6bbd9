/**
 * Profiling aids for the benchmarks: a backend wrapper that times every kernel call, and A/B runs of two builds
 * in one JVM so that outside load hits both alike.
 */
package dev.cochlea.benchmarks.profile;
