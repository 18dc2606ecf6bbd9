package dev.cochlea.opencl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Simplifies a strided walk over a shape before it goes to a kernel: axes of size 1 are dropped, and neighbouring
 * axes merge when every stride set walks them as one (stride[i] == stride[i+1] * shape[i+1]). A [32, 64, 200] tensor
 * broadcast with a [1, 64, 1] one stays 3 axes, but an element-wise pair collapses to 1, so kernels loop over few axes
 * and any rank up to 8 after folding fits their int8 arguments.
 */
final class AxisFolding {
    private final int[] shape;
    private final int[][] strides;

    private AxisFolding(int[] shape, int[][] strides) {
        this.shape = shape;
        this.strides = strides;
    }

    /** Folds {@code shape} walked by each of {@code strideSets} (each as long as shape). */
    static AxisFolding fold(int[] shape, int[]... strideSets) {
        List<Integer> keptAxes = new ArrayList<>();
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] != 1) {
                keptAxes.add(axis);
            }
        }
        List<int[]> merged = new ArrayList<>(); // each entry: {size, stride per set...}, innermost last
        for (int axis : keptAxes) {
            int[] entry = new int[1 + strideSets.length];
            entry[0] = shape[axis];
            for (int s = 0; s < strideSets.length; s++) {
                entry[1 + s] = strideSets[s][axis];
            }
            if (!merged.isEmpty() && mergeable(merged.get(merged.size() - 1), entry)) {
                int[] outer = merged.get(merged.size() - 1);
                for (int s = 1; s < entry.length; s++) {
                    outer[s] = entry[s];
                }
                outer[0] *= entry[0];
            } else {
                merged.add(entry);
            }
        }
        int rank = merged.size();
        int[] foldedShape = new int[rank];
        int[][] foldedStrides = new int[strideSets.length][rank];
        for (int a = 0; a < rank; a++) {
            foldedShape[a] = merged.get(a)[0];
            for (int s = 0; s < strideSets.length; s++) {
                foldedStrides[s][a] = merged.get(a)[1 + s];
            }
        }
        if (rank > 8) {
            throw new IllegalArgumentException("the OpenCL backend walks at most 8 axes after merging contiguous ones; "
                    + "shape " + Arrays.toString(shape) + " leaves " + rank);
        }
        return new AxisFolding(foldedShape, foldedStrides);
    }

    /** The outer axis and the inner one walk as one axis when, for every set, outer stride = inner stride * size. */
    private static boolean mergeable(int[] outer, int[] inner) {
        for (int s = 1; s < outer.length; s++) {
            if ((long) outer[s] != (long) inner[s] * inner[0]) {
                return false;
            }
        }
        return true;
    }

    int rank() {
        return shape.length;
    }

    int[] shape() {
        return shape.clone();
    }

    int[] strides(int set) {
        return strides[set].clone();
    }
}
