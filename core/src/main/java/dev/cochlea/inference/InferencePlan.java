package dev.cochlea.inference;

import dev.cochlea.Autograd;
import dev.cochlea.MemoryScope;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DeviceBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A model frozen for inference by {@link Inference#compile}: a list of steps (folded and fused conv blocks, linear
 * layers, views, and the model's own forward for layers without a step) run without an autograd tape through reused
 * buffers. The output equals the model's evaluation-mode forward up to float rounding (folding changes the order of
 * operations; the tests hold it to 1e-5 of the output's largest magnitude).
 *
 * <p><b>Thread safety:</b> a plan may be called from any number of threads at once. Each call borrows an arena (the
 * activation buffers) from a pool and returns it, so memory grows with the number of calls running at the same time,
 * not with the number of calls; {@link #close()} frees the pooled arenas. Layers run through their own forward must
 * be safe to call concurrently in evaluation mode, as Cochlea's layers are.
 *
 * <p>The plan holds its own copies of the weights of the layers it replaced: changing the model afterwards does not
 * change the plan (compile again), as with torch.jit.freeze.
 */
public final class InferencePlan implements AutoCloseable {
    private final Backend backend;
    private final List<PlanBuilder.Entry> steps;
    private final ConcurrentLinkedQueue<Arena> idle = new ConcurrentLinkedQueue<>();
    /** See {@link dev.cochlea.kernels.Kernels#inferenceWorkingSetBytes()}. */
    private final long workingSet;

    /** Output of a call on host data. */
    private record HostOutput(float[] data, int[] shape) {}

    InferencePlan(Backend backend, List<PlanBuilder.Entry> steps) {
        this.backend = backend;
        this.steps = List.copyOf(steps);
        this.workingSet = backend.kernels().inferenceWorkingSetBytes();
    }

    /** The backend the plan runs on (its inputs must live there). */
    public Backend backend() {
        return backend;
    }

    /** The model's evaluation-mode output for {@code input}, as a new tensor (no gradient history). */
    public Tensor forward(Tensor input) {
        if (input.backend() != backend) {
            throw new IllegalArgumentException("inference plan: the input is on backend '"
                    + input.backend().name() + "' but the plan runs on '" + backend.name() + "'");
        }
        if (input.rank() > 0 && microBatch(input.shape()) < input.dim(0)) {
            HostOutput out = forwardHost(input.toFloatArray(), input.shape());
            return Tensor.of(backend, out.data(), out.shape());
        }
        Arena arena = borrow();
        try (MemoryScope scope = MemoryScope.open();
                Autograd.NoGrad ignored = Autograd.noGrad()) {
            Value out = run(Value.of(input), arena);
            Tensor result = out.tensor() != null && out.tensor() != input ? out.tensor() : copy(out);
            return scope.keep(result);
        } finally {
            idle.add(arena);
        }
    }

    /**
     * The output for {@code input} of shape {@code shape} (row-major host data), as host data: the plan's fastest
     * path, which allocates nothing in steady state when every layer has a step.
     */
    public float[] forward(float[] input, int... shape) {
        if (Shape.size(shape) != input.length) {
            throw new IllegalArgumentException("inference plan: shape " + Shape.str(shape) + " holds "
                    + Shape.size(shape) + " elements but " + input.length + " values were given");
        }
        return forwardHost(input, shape).data();
    }

    /**
     * Runs the batch in micro-batches of {@link #microBatch} samples (all of it at once on backends that do not
     * split), each uploaded into the arena's input slot and its output downloaded into place.
     */
    private HostOutput forwardHost(float[] input, int[] shape) {
        int batch = shape.length == 0 ? 1 : shape[0];
        int step = shape.length == 0 ? 1 : microBatch(shape);
        int perSample = input.length / Math.max(1, batch);
        Arena arena = borrow();
        try (MemoryScope ignored = MemoryScope.open();
                Autograd.NoGrad ignored2 = Autograd.noGrad()) {
            float[] result = null;
            int[] outShape = null;
            int outPerSample = 0;
            for (int n0 = 0; n0 < batch; n0 += step) {
                int count = Math.min(step, batch - n0);
                int[] chunkShape = shape.clone();
                if (chunkShape.length > 0) {
                    chunkShape[0] = count;
                }
                DeviceBuffer in = arena.slot(Arena.INPUT_SLOT, (long) count * perSample);
                backend.upload(input, n0 * perSample, in, 0, count * perSample);
                Value out = run(new Value(in, chunkShape, null, Arena.INPUT_SLOT), arena);
                if (result == null) {
                    outPerSample = Math.toIntExact(out.size() / count);
                    outShape = out.shape().clone();
                    if (step < batch) {
                        outShape[0] = batch;
                    }
                    result = new float[Math.toIntExact((long) outPerSample * batch)];
                }
                backend.download(out.buffer(), 0, result, n0 * outPerSample, count * outPerSample);
            }
            return new HostOutput(result, outShape);
        } finally {
            idle.add(arena);
        }
    }

    /**
     * Samples per pass: the whole batch, unless the backend asks for a working set and every step treats samples on
     * their own with shapes known in advance; then as many samples as keep the widest activation within it (at
     * least one), so each layer reads the previous one's output from cache.
     */
    int microBatch(int[] shape) {
        int batch = shape[0];
        if (workingSet == Long.MAX_VALUE || batch <= 1) {
            return batch;
        }
        int[] one = shape.clone();
        one[0] = 1;
        int[] all = shape.clone();
        long widest = 1;
        for (PlanBuilder.Entry e : steps) {
            int[] nextOne = e.step().outputShape(one);
            int[] nextAll = e.step().outputShape(all);
            if (nextOne == null
                    || nextAll == null
                    || nextAll.length == 0
                    || nextAll[0] != batch
                    || Shape.size(nextAll) != batch * Shape.size(nextOne)) {
                return batch;
            }
            widest = Math.max(widest, Shape.size(nextOne) * Float.BYTES);
            one = nextOne;
            all = nextAll;
        }
        return (int) Math.max(1, Math.min(batch, workingSet / widest));
    }

    private Value run(Value value, Arena arena) {
        Value v = value;
        for (PlanBuilder.Entry e : steps) {
            v = e.step().run(v, arena);
        }
        return v;
    }

    private Tensor copy(Value v) {
        Tensor t = Tensor.empty(backend, v.shape());
        backend.kernels().copy(v.buffer(), t.buffer(), v.size());
        return t;
    }

    private Arena borrow() {
        Arena a = idle.poll();
        return a != null ? a : new Arena(backend);
    }

    /** The steps, one a line: the model's layers each replaces and what runs them. */
    public String describe() {
        StringBuilder sb = new StringBuilder("inference plan on " + backend.name() + ":\n");
        for (PlanBuilder.Entry e : steps) {
            sb.append(String.format("  %-9s %s%n", e.layers(), e.step().describe()));
        }
        return sb.toString();
    }

    /** Bytes held by the idle arenas (activation buffers kept for the next calls). */
    public long idleArenaBytes() {
        long n = 0;
        for (Arena a : idle) {
            n += a.bytes();
        }
        return n;
    }

    /** Frees the pooled buffers; the plan stays usable (later calls allocate afresh). */
    @Override
    public void close() {
        for (Arena a = idle.poll(); a != null; a = idle.poll()) {
            a.close();
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
