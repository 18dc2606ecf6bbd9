/**
 * The conformance kit every backend module runs (published as the test-jar): randomised cases per kernel, each
 * compared with the reference backend within stated tolerances.
 */
package dev.cochlea.kernels.conformance;
