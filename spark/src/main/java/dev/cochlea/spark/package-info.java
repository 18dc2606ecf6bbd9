/**
 * Data-parallel training on Apache Spark: a barrier-mode gang of ranks joined by cochlea-distributed's TCP ring,
 * the speech example's trainer run on every rank, checkpoints on shared storage and resume after a failed attempt.
 */
package dev.cochlea.spark;
