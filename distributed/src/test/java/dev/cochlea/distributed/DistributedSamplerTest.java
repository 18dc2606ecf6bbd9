package dev.cochlea.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cochlea.Generator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DistributedSamplerTest {
    @Test
    void eachStepsUnionIsTheSingleProcessBatch() {
        int n = 103;
        int world = 3;
        int batch = 4;
        int[] single = new DistributedSampler(n, 0, 1, 42).order(2);
        int[][] mine = new int[world][];
        for (int r = 0; r < world; r++) {
            mine[r] = new DistributedSampler(n, r, world, 42).indices(2);
            assertEquals(n / world, mine[r].length);
        }
        for (int step = 0; step < (n / world) / batch; step++) {
            int[] union = new int[world * batch];
            int k = 0;
            for (int r = 0; r < world; r++) {
                for (int b = 0; b < batch; b++) {
                    union[k++] = mine[r][step * batch + b];
                }
            }
            int[] expected = Arrays.copyOfRange(single, step * world * batch, (step + 1) * world * batch);
            Arrays.sort(union);
            Arrays.sort(expected);
            assertArrayEquals(expected, union, "step " + step);
        }
    }

    @Test
    void epochsArePermutationsDrawnInSuccessionLikeTheDataLoader() {
        Generator g = new Generator(5);
        int[] first = g.permutation(10);
        int[] second = g.permutation(10);
        DistributedSampler sampler = new DistributedSampler(10, 0, 1, 5);
        assertArrayEquals(second, sampler.order(1));
        assertArrayEquals(first, sampler.order(0));
        assertNotEquals(Arrays.toString(first), Arrays.toString(second));
    }

    @Test
    void ranksAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new DistributedSampler(10, 2, 2, 0));
    }
}
