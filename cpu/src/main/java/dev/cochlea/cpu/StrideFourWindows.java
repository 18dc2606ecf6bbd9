package dev.cochlea.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The j-th elements of V pooling windows of stride 4 (the usual kernel == stride == 4, no padding), read from four
 * contiguous loads v0 .. v3 of the windows' 4V positions instead of by gathers, which run far below the cache's
 * bandwidth: element j of window o is lane (4o + j) mod V of load 4o / V, so
 *
 * <pre>
 * w_j = v0.rearrange(E[j]).blend(v1.rearrange(E[j]), M1).blend(v2.rearrange(E[j]), M2).blend(v3.rearrange(E[j]), M3)
 * </pre>
 *
 * <p>with one shuffle per element and the masks of the windows each load holds. Callers write that expression out in
 * their loops rather than call a helper: a method returning a vector is inlined only once C2 deems its call site hot,
 * and a copy compiled before that boxes every vector (the first layer's training pool ran at 34 ms instead of 8 once).
 * Constants, so that C2 treats them as such.
 */
final class StrideFourWindows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    static final VectorShuffle<Float> E0 = element(0);
    static final VectorShuffle<Float> E1 = element(1);
    static final VectorShuffle<Float> E2 = element(2);
    static final VectorShuffle<Float> E3 = element(3);
    static final VectorMask<Float> M1 = load(1);
    static final VectorMask<Float> M2 = load(2);
    static final VectorMask<Float> M3 = load(3);

    private StrideFourWindows() {}

    /** The shuffle of element j (0 .. 3); for loops over j. */
    static VectorShuffle<Float> shuffle(int j) {
        return j == 0 ? E0 : j == 1 ? E1 : j == 2 ? E2 : E3;
    }

    /** Lane o takes lane (4o + j) mod V: window o's element j within its load. */
    private static VectorShuffle<Float> element(int j) {
        return VectorShuffle.fromOp(S, o -> (4 * o + j) % V);
    }

    /** The windows that load q holds: o in [qV/4, (q+1)V/4). */
    private static VectorMask<Float> load(int q) {
        boolean[] lanes = new boolean[V];
        for (int o = 0; o < V; o++) {
            lanes[o] = 4 * o / V == q;
        }
        return VectorMask.fromArray(S, lanes, 0);
    }
}
