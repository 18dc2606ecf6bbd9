package dev.cochlea.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RingCollectiveTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void allReduceSumsMatchADoubleReferenceAndAreBitIdenticalOnEveryRank(int world) throws Exception {
        try (LocalRing ring = LocalRing.join(world, TIMEOUT)) {
            for (int size : new int[] {0, 1, Math.max(world - 1, 0), 1_000_000}) {
                float[][] inputs = new float[world][size];
                Random random = new Random(size * 31L + world);
                for (float[] in : inputs) {
                    for (int i = 0; i < size; i++) {
                        in[i] = (float) random.nextGaussian() * (1 + (i % 7));
                    }
                }
                List<float[]> results = LocalRing.onEveryRank(world, r -> {
                    float[] data = inputs[r].clone();
                    ring.get(r).allReduceSum(data);
                    return data;
                });
                for (int i = 0; i < size; i++) {
                    double sum = 0;
                    double magnitude = 0;
                    for (float[] in : inputs) {
                        sum += in[i];
                        magnitude += Math.abs(in[i]);
                    }
                    // N - 1 float additions, each rounding by at most half an ulp of the partial sum.
                    double bound = world * Math.ulp((float) magnitude);
                    float got = results.get(0)[i];
                    if (Math.abs(got - sum) > bound) {
                        throw new AssertionError("size " + size + ", element " + i + ": " + got + " vs " + sum);
                    }
                }
                for (int r = 1; r < world; r++) {
                    assertArrayEquals(results.get(0), results.get(r), "rank " + r + " differs from rank 0");
                }
            }
        }
    }

    @Test
    void allReduceOfASliceLeavesTheRestAlone() throws Exception {
        try (LocalRing ring = LocalRing.join(3, TIMEOUT)) {
            List<float[]> results = LocalRing.onEveryRank(3, r -> {
                float[] data = {-1, r, r, r, r, r, -1};
                ring.get(r).allReduceSum(data, 1, 5);
                return data;
            });
            for (float[] got : results) {
                assertArrayEquals(new float[] {-1, 3, 3, 3, 3, 3, -1}, got);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void broadcastCopiesTheRootsBytesAndBarrierReturnsOnEveryRank(int world) throws Exception {
        try (LocalRing ring = LocalRing.join(world, TIMEOUT)) {
            int root = world - 1;
            byte[] expected = new byte[3_000_001]; // three pieces, the last one short
            new Random(7).nextBytes(expected);
            List<byte[]> got = LocalRing.onEveryRank(world, r -> {
                byte[] data = r == root ? expected.clone() : new byte[expected.length];
                ring.get(r).broadcast(data, root);
                ring.get(r).barrier();
                return data;
            });
            for (byte[] g : got) {
                assertArrayEquals(expected, g);
            }
        }
    }

    @Test
    void aKilledPeerIsAnErrorWithinTheTimeOut() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        try (LocalRing ring = LocalRing.join(3, timeout)) {
            ring.get(1).close(); // rank 1 dies: its sockets close
            long start = System.nanoTime();
            List<CompletableFuture<Void>> survivors = new ArrayList<>();
            for (int r : new int[] {0, 2}) {
                survivors.add(CompletableFuture.runAsync(() -> ring.get(r).allReduceSum(new float[1000])));
            }
            for (CompletableFuture<Void> f : survivors) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
                assertInstanceOf(CollectiveException.class, e.getCause());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 2 * timeout.toSeconds() + 1, "took " + seconds + " s");
        }
    }

    @Test
    void aHungPeerIsAnErrorAfterTheTimeOut() throws Exception {
        Duration timeout = Duration.ofMillis(800);
        try (LocalRing ring = LocalRing.join(2, timeout)) {
            long start = System.nanoTime();
            // Rank 1 is alive but never calls the collective.
            CollectiveException e =
                    assertThrows(CollectiveException.class, () -> ring.get(0).allReduceSum(new float[10]));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(e.getMessage().contains("no progress"), e.getMessage());
            assertTrue(seconds >= 0.7 && seconds < 5, "took " + seconds + " s");
        }
    }

    @Test
    void aPeerWithAnotherSecretCannotJoin() throws Exception {
        RingListener a = RingListener.bind(InetAddress.getLoopbackAddress());
        RingListener b = RingListener.bind(InetAddress.getLoopbackAddress());
        List<InetSocketAddress> addresses = List.of(a.address(), b.address());
        Duration timeout = Duration.ofSeconds(2);
        CompletableFuture<RingCollective> rank1 = CompletableFuture.supplyAsync(() -> {
            try {
                return b.join(1, addresses, "another job's secret!".getBytes(), timeout);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CollectiveException e = assertThrows(
                CollectiveException.class,
                () -> a.join(0, addresses, "this job's secret, 32 bytes long".getBytes(), timeout));
        assertTrue(e.getMessage().contains("secret") || e.getMessage().contains("did not connect"), e.getMessage());
        assertThrows(ExecutionException.class, () -> rank1.get(30, TimeUnit.SECONDS));
    }

    @Test
    void singleRankRingIsTheIdentity() throws Exception {
        RingCollective one = LocalRing.join(1, TIMEOUT).get(0);
        float[] data = {1, 2, 3};
        one.allReduceSum(data);
        one.barrier();
        assertArrayEquals(new float[] {1, 2, 3}, data);
        assertEquals(1, one.worldSize());
        one.close();
        assertThrows(IllegalStateException.class, () -> one.allReduceSum(data));
        assertEquals("[1.0, 2.0, 3.0]", Arrays.toString(data));
    }
}
