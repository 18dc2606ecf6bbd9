/**
 * Data-parallel training with PyTorch's semantics: a {@link dev.cochlea.distributed.Collective} (a TCP ring here),
 * {@link dev.cochlea.distributed.DistributedDataParallel}, {@link dev.cochlea.distributed.DistributedSampler} and
 * {@link dev.cochlea.distributed.SyncBatchNorm1d}. Launching the ranks is left to a cluster manager (cochlea-spark).
 */
package dev.cochlea.distributed;
