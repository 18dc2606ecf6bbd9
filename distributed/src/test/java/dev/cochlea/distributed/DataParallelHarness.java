package dev.cochlea.distributed;

import dev.cochlea.Generator;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.cpu.CpuBackend;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Losses;
import dev.cochlea.nn.MaxPool1d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.optim.Adam;
import dev.cochlea.optim.Optimizer;
import dev.cochlea.optim.SGD;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The equivalence experiment shared by this module's tests and cochlea-spark's: a small conv net with two BatchNorm
 * blocks trained for some steps on a synthetic dataset, either in one process with the global batch, or as one rank
 * of a data-parallel job with the global batch split over the ranks by {@link DistributedSampler}.
 */
public final class DataParallelHarness {
    /**
     * How the BatchNorm layers behave: synchronised, in evaluation mode, or DDP's default (each rank normalises with
     * its own batch's statistics, which is not the single-process computation).
     */
    public enum Norm {
        SYNC_BATCH_NORM,
        EVAL_MODE,
        LOCAL_BATCH_NORM
    }

    /** Which optimizer takes the steps. */
    public enum Opt {
        SGD,
        ADAM
    }

    public static final int EXAMPLES = 120;
    public static final int LENGTH = 64;
    public static final int CLASSES = 3;
    private static final long SEED = 1234;

    private DataParallelHarness() {}

    /** Conv(1, 4, 5) BN ReLU MaxPool(2) Conv(4, 6, 3) BN ReLU MaxPool(2) Flatten Linear(84, 3). */
    public static Sequential net(long seed) {
        Generator.manualSeed(seed);
        Sequential net = new Sequential(
                new Conv1d(1, 4, 5, false),
                new BatchNorm1d(4),
                new ReLU(),
                new MaxPool1d(2),
                new Conv1d(4, 6, 3, false),
                new BatchNorm1d(6),
                new ReLU(),
                new MaxPool1d(2),
                new Flatten(),
                new dev.cochlea.nn.Linear(6 * 14, CLASSES));
        // Running statistics away from (0, 1), so that evaluation-mode normalisation does something.
        Generator g = new Generator(seed + 1);
        for (Map.Entry<String, Tensor> e : net.namedBuffers().entrySet()) {
            Tensor t = e.getValue();
            if (t.dtype() == DType.FLOAT32) {
                float[] v = new float[(int) t.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = e.getKey().endsWith("running_var") ? 0.5f + g.uniform(0, 1) : g.normal(0, 0.3f);
                }
                t.copyFrom(Tensor.of(t.backend(), v, t.shape()));
            }
        }
        return net;
    }

    /** Runs {@code steps} steps in one process with batch {@code globalBatch}; returns the final state. */
    public static Map<String, float[]> trainSingle(Norm norm, Opt opt, int steps, int globalBatch) {
        Backend backend = new CpuBackend(1);
        Sequential model = net(SEED);
        model.to(backend);
        if (norm == Norm.EVAL_MODE) {
            model.eval();
        }
        Optimizer optimizer = optimizer(opt, model);
        int[] order = new DistributedSampler(EXAMPLES, 0, 1, SEED).order(0);
        for (int s = 0; s < steps; s++) {
            step(model, optimizer, Arrays.copyOfRange(order, s * globalBatch, (s + 1) * globalBatch), backend, null);
        }
        return state(model);
    }

    /**
     * Runs the same experiment as one rank of {@code collective}, each rank with batch {@code localBatch}. The
     * replica starts from a different initialisation on every rank, which DistributedDataParallel's broadcast must
     * undo.
     */
    public static Map<String, float[]> trainRank(Collective collective, Norm norm, Opt opt, int steps, int localBatch) {
        Backend backend = new CpuBackend(1);
        Sequential replica;
        synchronized (Generator.class) { // ranks as threads of one JVM share the global generator
            replica = net(SEED + 100L * collective.rank());
        }
        replica.to(backend);
        Sequential model = norm == Norm.SYNC_BATCH_NORM ? SyncBatchNorm1d.convert(replica, collective) : replica;
        if (norm == Norm.EVAL_MODE) {
            model.eval();
        }
        DistributedDataParallel ddp = new DistributedDataParallel(model, collective);
        if (norm == Norm.EVAL_MODE) {
            ddp.eval();
        }
        Optimizer optimizer = optimizer(opt, ddp);
        int[] mine = new DistributedSampler(EXAMPLES, collective.rank(), collective.worldSize(), SEED).indices(0);
        for (int s = 0; s < steps; s++) {
            step(ddp, optimizer, Arrays.copyOfRange(mine, s * localBatch, (s + 1) * localBatch), backend, ddp);
        }
        return state(model);
    }

    private static Optimizer optimizer(Opt opt, Module model) {
        return opt == Opt.SGD
                ? new SGD(model.parameters(), 0.05f, SGD.options().momentum(0.9f))
                : new Adam(model.parameters(), 1e-3f);
    }

    private static void step(
            Module model, Optimizer optimizer, int[] indices, Backend backend, DistributedDataParallel ddp) {
        float[] inputs = new float[indices.length * LENGTH];
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(example(indices[i]), 0, inputs, i * LENGTH, LENGTH);
            labels[i] = indices[i] % CLASSES;
        }
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor x = Tensor.of(backend, inputs, indices.length, 1, LENGTH);
            Tensor loss = Losses.crossEntropy(model.forward(x), Tensor.labels(backend, labels));
            optimizer.zeroGrad();
            if (ddp != null) {
                ddp.backward(loss);
            } else {
                loss.backward();
            }
            optimizer.step();
        }
    }

    /** Example i: noise plus a class-dependent sine, so the net has something to learn. */
    static float[] example(int i) {
        Generator g = new Generator(SEED * 7919 + i);
        float[] x = new float[LENGTH];
        for (int t = 0; t < LENGTH; t++) {
            x[t] = (float) Math.sin(t * 0.2 * (1 + i % CLASSES)) + g.normal(0, 0.5f);
        }
        return x;
    }

    /** Every parameter and float buffer by name, int buffers converted. */
    public static Map<String, float[]> state(Module model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        model.stateDict()
                .forEach((name, t) ->
                        out.put(name, t.dtype() == DType.FLOAT32 ? t.toFloatArray() : toFloats(t.toIntArray())));
        return out;
    }

    private static float[] toFloats(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }

    /** Fails unless every value is within 1e-5 (1 + |reference|) of the reference. */
    public static void assertClose(Map<String, float[]> reference, Map<String, float[]> actual, String what) {
        if (!reference.keySet().equals(actual.keySet())) {
            throw new AssertionError(what + ": different tensors " + reference.keySet() + " vs " + actual.keySet());
        }
        double worst = 0;
        String where = "";
        for (String key : reference.keySet()) {
            float[] a = reference.get(key);
            float[] b = actual.get(key);
            for (int i = 0; i < a.length; i++) {
                double excess = Math.abs(a[i] - b[i]) / (1 + Math.abs(a[i]));
                if (excess > worst) {
                    worst = excess;
                    where = key + "[" + i + "]: " + a[i] + " vs " + b[i];
                }
            }
        }
        if (worst > 1e-5) {
            throw new AssertionError(what + ": worst relative difference " + worst + " at " + where);
        }
        System.out.printf("%s: worst difference / (1 + |reference|) = %.2e at %s%n", what, worst, where);
    }

    /** Fails unless the replicas hold exactly the same bits. */
    public static void assertBitIdentical(List<Map<String, float[]>> replicas) {
        for (int r = 1; r < replicas.size(); r++) {
            for (String key : replicas.get(0).keySet()) {
                if (!Arrays.equals(replicas.get(0).get(key), replicas.get(r).get(key))) {
                    throw new AssertionError("replica " + r + " differs from replica 0 in " + key);
                }
            }
        }
    }
}
