package dev.cochlea.benchmarks;

import dev.cochlea.Generator;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.examples.speech.SpeechNets;
import dev.cochlea.inference.Inference;
import dev.cochlea.inference.InferencePlan;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.nn.Losses;
import dev.cochlea.nn.Sequential;
import dev.cochlea.optim.Adam;

/**
 * The seed network with random input and labels on one backend: the workload of the training-step and inference
 * benchmarks and of the comparison report (248 classes, input [batch, 1, 32000], CrossEntropy + Adam 1e-3).
 */
public final class SeedNetworkState {
    public static final int CLASSES = 248;
    /** Forward + backward FLOPs of the seed network per sample: the six convolutions dominate (about 1.16 GFLOP). */
    public static final double TRAIN_FLOPS_PER_SAMPLE = trainFlopsPerSample();
    /** Multiply-adds (x2) of one sample's evaluation-mode forward pass: the convolutions and the classifier. */
    public static final double INFER_FLOPS_PER_SAMPLE = inferFlopsPerSample();

    public final Backend backend;
    public final Sequential model;
    public final Adam optimizer;
    public final Tensor input;
    public final Tensor labels;
    public final int batch;
    private InferencePlan plan;

    public SeedNetworkState(String backendName, int batch) {
        this(Backends.get(backendName), batch);
    }

    public SeedNetworkState(Backend backend, int batch) {
        this.backend = backend;
        Backends.setDefault(backend);
        this.batch = batch;
        Generator.manualSeed(0);
        this.model = SpeechNets.seed(CLASSES);
        this.optimizer = new Adam(model.parameters(), 1e-3f);
        this.input = Tensor.normal(backend, new Generator(1), 0f, 0.1f, batch, 1, SpeechNets.SEED_INPUT_LENGTH);
        int[] y = new int[batch];
        Generator g = new Generator(2);
        for (int i = 0; i < batch; i++) {
            y[i] = g.nextInt(CLASSES);
        }
        this.labels = Tensor.labels(backend, y);
    }

    /** One optimizer step; returns the loss. Temporaries are released when the step ends. */
    public float trainStep() {
        model.train();
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor loss = Losses.crossEntropy(model.forward(input), labels);
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            return loss.item();
        }
    }

    /**
     * The state on the backend and batch that {@code arguments} name, after the warm-up steps its argument
     * {@code warmupIndex} names ({@code warmupDefault} when left out): enough for C2 to compile the Vector API
     * kernels, whose interpreted forms are slow and allocate.
     */
    public static SeedNetworkState warmedUp(ReportArgs arguments, int warmupIndex, int warmupDefault) {
        SeedNetworkState state = new SeedNetworkState(arguments.backend(), arguments.batch());
        state.trainSteps(arguments.integer(warmupIndex, warmupDefault));
        return state;
    }

    /** {@code steps} optimizer steps, as a warm-up or a measured run. */
    public void trainSteps(int steps) {
        for (int i = 0; i < steps; i++) {
            trainStep();
        }
    }

    /** Evaluation-mode forward pass without gradients; returns the first logit so the work cannot be elided. */
    public float infer() {
        model.eval();
        try (MemoryScope ignored = MemoryScope.open();
                var noGrad = dev.cochlea.Autograd.noGrad()) {
            Tensor logits = model.forward(input);
            backend.synchronize();
            return logits.toFloatArray()[0];
        }
    }

    /** The same forward pass through the compiled eval-mode plan ({@link Inference#compile}), compiled once. */
    public float planInfer() {
        if (plan == null) {
            model.eval();
            plan = Inference.compile(model);
        }
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor logits = plan.forward(input);
            backend.synchronize();
            return logits.toFloatArray()[0];
        }
    }

    private static double inferFlopsPerSample() {
        double flops = 0;
        for (int[] c : SeedConvShapes.SHAPES) {
            flops += 2.0 * c[1] * c[3] * c[0] * c[2];
        }
        return flops + 2.0 * 1536 * CLASSES;
    }

    private static double trainFlopsPerSample() {
        int[][] convs = SeedConvShapes.SHAPES;
        double flops = 0;
        for (int[] c : convs) {
            // forward, backward-input (except the first layer, whose input needs no gradient) and backward-weight
            double one = 2.0 * c[1] * c[3] * c[0] * c[2];
            flops += c[0] == 1 ? 2 * one : 3 * one;
        }
        return flops + 3 * 2.0 * 1536 * CLASSES;
    }
}
