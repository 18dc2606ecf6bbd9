package dev.cochlea.benchmarks;

import dev.cochlea.Autograd;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.inference.Inference;
import dev.cochlea.inference.InferencePlan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The seed network's inference: {@code plan} is {@link Inference#compile}'s plan (batch norm folded, blocks fused,
 * host input and output), {@code evalForward} the model's evaluation-mode forward without gradients, as before the
 * plan. Scores are calls per second (times the batch: samples per second; at batch 1 its inverse is the latency).
 */
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class InferenceBenchmark extends CochleaBenchmark {
    @Param({"1", "32"})
    public int batch;

    private SeedNetworkState state;
    private InferencePlan plan;
    private float[] input;
    private int[] shape;

    @Setup(Level.Trial)
    public void setUp() {
        state = new SeedNetworkState(backend, batch);
        state.model.eval();
        plan = Inference.compile(state.model);
        input = state.input.toFloatArray();
        shape = state.input.shape();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plan.close();
    }

    @Benchmark
    public float plan() {
        return plan.forward(input, shape)[0];
    }

    @Benchmark
    public float evalForward() {
        try (MemoryScope ignored = MemoryScope.open();
                Autograd.NoGrad noGrad = Autograd.noGrad()) {
            Tensor x = Tensor.of(state.backend, input, shape);
            return state.model.forward(x).toFloatArray()[0];
        }
    }
}
