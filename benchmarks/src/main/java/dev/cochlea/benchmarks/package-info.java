/**
 * JMH benchmarks that compare backends on the same layers and on a whole training step of the seed network,
 * plus the report programs that print those comparisons as ratios against a peer measured in the same run.
 */
package dev.cochlea.benchmarks;
