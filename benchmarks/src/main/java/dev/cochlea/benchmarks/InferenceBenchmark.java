package dev.cochlea.benchmarks;

import dev.cochlea.Autograd;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.inference.Inference;
import dev.cochlea.inference.InferencePlan;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The seed network's inference: {@code plan} is {@link Inference#compile}'s plan (batch norm folded, blocks fused,
 * host input and output), {@code evalForward} the model's evaluation-mode forward without gradients, as before the
 * plan. Scores are calls per second (times the batch: samples per second; at batch 1 its inverse is the latency).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class InferenceBenchmark {
    @Param({"cpu"})
    public String backend;

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
