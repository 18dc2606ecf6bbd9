package dev.cochlea.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole training step (forward, cross-entropy, backward, Adam) and inference of the seed network, per backend and
 * batch size. Scores are steps (or forward passes) per second: multiply by the batch for samples/s. Run with
 * {@code -prof gc} for the allocation per step.
 */
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx12g"})
public class TrainingStepBenchmark extends CochleaBenchmark {
    @Param({"32"})
    public int batch;

    private SeedNetworkState state;

    @Setup(Level.Trial)
    public void setUp() {
        state = new SeedNetworkState(backend, batch);
    }

    @Benchmark
    public float trainStep() {
        return state.trainStep();
    }

    @Benchmark
    public float inference() {
        return state.infer();
    }
}
