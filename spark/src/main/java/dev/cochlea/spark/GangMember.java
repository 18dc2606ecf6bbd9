package dev.cochlea.spark;

import dev.cochlea.distributed.Collective;

/**
 * What one rank of a gang knows about itself: its rank and the world size, which attempt of the gang this is (0 first,
 * higher after a failure re-ran the whole gang), the cores Spark gave the task ({@code spark.task.cpus}), and the
 * ring collective joining it to the other ranks.
 */
public record GangMember(int rank, int worldSize, int attempt, int cpus, Collective collective) {}
