package dev.cochlea.spark;

import java.io.Serializable;

/** The work of one rank of a gang; shipped to the executors, so it must be serializable, as must its result. */
@FunctionalInterface
public interface RankTask<R extends Serializable> extends Serializable {
    R run(GangMember member) throws Exception;
}
