package dev.cochlea.inference;

import static dev.cochlea.Assertions2.assertClose;
import static dev.cochlea.Assertions2.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Autograd;
import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Dropout;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MaxPool1d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.nn.ShiftedNorm;
import dev.cochlea.nn.TinyConvNet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The plan equals the model's evaluation-mode forward within 1e-5 of the output's largest magnitude (folding and
 * fusing change only the order of float operations), on the backend the tests run (the reference here; the speech
 * example's tests run the seed and mel networks on the cpu backend).
 */
class InferencePlanTest {
    private static final double TOLERANCE = 1e-5;

    /** A layer the plan has no step for: its own forward must run (here, tanh). */
    static final class Tanh extends Module {
        @Override
        public Tensor forward(Tensor input) {
            return input.tanh();
        }
    }

    private static float[] evalForward(Module model, Tensor x) {
        return Autograd.noGrad(() -> model.forward(x)).toFloatArray();
    }

    private static void assertPlanMatches(Module model, int... inputShape) {
        NormStatistics.randomize(model, 11);
        model.eval();
        Tensor x = Tensor.uniform(model.parameters().get(0).backend(), new Generator(3), -1, 1, inputShape);
        float[] expected = evalForward(model, x);
        try (InferencePlan plan = Inference.compile(model)) {
            assertClose(expected, plan.forward(x).toFloatArray(), TOLERANCE, "plan.forward(Tensor)\n" + plan);
            assertClose(expected, plan.forward(x.toFloatArray(), inputShape), TOLERANCE, "plan.forward(float[])");
            assertClose(expected, plan.forward(x).toFloatArray(), TOLERANCE, "second call, reused buffers");
        }
    }

    @Test
    void convBlocksWithFoldedNormMatchTheEvalModel() {
        Generator.manualSeed(1);
        Sequential model = new Sequential(
                new Conv1d(2, 8, 9, false),
                new BatchNorm1d(8),
                new ReLU(),
                new MaxPool1d(4),
                new Conv1d(8, 16, 3, new Conv1d.Options(1, 1, 1, true)),
                new BatchNorm1d(16),
                new ReLU(),
                new MaxPool1d(3, 2, 1),
                new Conv1d(16, 12, 3, new Conv1d.Options(2, 1, 2, false)),
                new BatchNorm1d(12),
                new ReLU(),
                new Flatten(),
                new Dropout(0.5f),
                new Linear(12 * 6, 5));
        assertPlanMatches(model, 3, 2, 120);
        String plan = Inference.compile(model).describe();
        assertTrue(plan.contains("0-3") && plan.contains("folded BatchNorm1d(8") && plan.contains("MaxPool1d"), plan);
        assertTrue(plan.contains("Dropout") && plan.contains("identity"), plan);
    }

    @Test
    void unsupportedLayersInBetweenRunTheirOwnForward() {
        Generator.manualSeed(2);
        Sequential model = new Sequential(
                new Conv1d(1, 6, 5),
                new Tanh(),
                new BatchNorm1d(6),
                new MaxPool1d(2),
                new Conv1d(6, 6, 3),
                new ShiftedNorm(6),
                new ReLU(),
                new Sequential(new Conv1d(6, 4, 3), new BatchNorm1d(4, 1e-3f, 0.1f, false, true)),
                new Conv1d(4, 4, 1),
                new BatchNorm1d(4, 1e-5f, 0.1f, true, false),
                new Flatten(),
                new Linear(4 * 21, 3));
        assertPlanMatches(model, 2, 1, 54);
        String plan = Inference.compile(model).describe();
        assertTrue(plan.contains("Tanh") && plan.contains("its own forward"), plan);
        assertTrue(plan.contains("7.0-7.1"), "nested Sequential flattened and folded:\n" + plan);
        assertTrue(!plan.contains("folded BatchNorm1d(6"), "a subclass overriding forward is not folded:\n" + plan);
    }

    @Test
    void randomSmallNetworksMatch() {
        Random random = new Random(7);
        for (int trial = 0; trial < 12; trial++) {
            Generator.manualSeed(100 + trial);
            int inChannels = 1 + random.nextInt(3);
            int length = 48 + random.nextInt(40);
            Sequential model = new Sequential();
            int channels = inChannels;
            int remaining = length;
            for (int block = 0; block < 1 + random.nextInt(3) && remaining >= 8; block++) {
                int out = 1 + random.nextInt(20);
                int k = 1 + random.nextInt(5);
                int padding = random.nextInt(k / 2 + 1);
                int stride = 1 + random.nextInt(2);
                model.add(new Conv1d(
                        channels,
                        out,
                        k,
                        new Conv1d.Options(
                                stride, padding, 1 + random.nextInt(2) * (k > 1 ? 1 : 0), random.nextBoolean())));
                if (random.nextBoolean()) {
                    model.add(new BatchNorm1d(out));
                }
                if (random.nextBoolean()) {
                    model.add(new ReLU());
                }
                if (random.nextBoolean()) {
                    model.add(new MaxPool1d(2));
                }
                if (random.nextInt(4) == 0) {
                    model.add(new Tanh());
                }
                channels = out;
                remaining = outputLength(model, inChannels, length);
            }
            model.add(new Flatten());
            model.add(new Linear(outputLength(model, inChannels, length), 4));
            assertPlanMatches(model, 1 + random.nextInt(3), inChannels, length);
        }
    }

    /** The last axis of what the model's layers so far produce for one input of {@code length}. */
    private static int outputLength(Sequential model, int inChannels, int length) {
        model.eval();
        Tensor x = Tensor.zeros(model.parameters().get(0).backend(), 1, inChannels, length);
        Tensor y = Autograd.noGrad(() -> model.forward(x));
        return y.dim(y.rank() - 1);
    }

    @Test
    void foldingFollowsTheFormula() {
        Generator.manualSeed(4);
        Conv1d conv = new Conv1d(1, 2, 1, true);
        BatchNorm1d norm = new BatchNorm1d(2);
        Sequential model = new Sequential(conv, norm);
        NormStatistics.randomize(model, 5);
        float[] w = conv.weight().toFloatArray();
        float[] b = conv.bias().toFloatArray();
        BatchNormFolding.Folded f = BatchNormFolding.fold(w, b, norm);
        float[] mean = norm.runningMean().toFloatArray();
        float[] var = norm.runningVar().toFloatArray();
        float[] gamma = norm.weight().toFloatArray();
        float[] beta = norm.bias().toFloatArray();
        for (int c = 0; c < 2; c++) {
            double s = gamma[c] / Math.sqrt(var[c] + 1e-5);
            assertEquals(w[c] * s, f.weight()[c], 1e-6);
            assertEquals((b[c] - mean[c]) * s + beta[c], f.bias()[c], 1e-6);
        }
    }

    @Test
    void refusesTrainingModeAndNamesBadInput() {
        Sequential model = new Sequential(new Conv1d(2, 4, 3), new ReLU());
        IllegalStateException training = assertThrows(IllegalStateException.class, () -> Inference.compile(model));
        assertTrue(training.getMessage().contains("model.eval()"), training.getMessage());
        model.eval();
        InferencePlan plan = Inference.compile(model);
        IllegalArgumentException bad =
                assertThrows(IllegalArgumentException.class, () -> plan.forward(new float[30], 1, 3, 10));
        assertMentions(bad, "Conv1d(2, 4, kernel_size=3)", "[1, 3, 10]");
    }

    @Test
    void planIsASnapshotOfTheWeights() {
        Generator.manualSeed(6);
        Sequential model = new Sequential(new Conv1d(1, 2, 3), new BatchNorm1d(2), new Flatten(), new Linear(16, 2));
        model.eval();
        Tensor x = Tensor.uniform(model.parameters().get(0).backend(), new Generator(1), -1, 1, 1, 1, 10);
        InferencePlan plan = Inference.compile(model);
        float[] before = plan.forward(x).toFloatArray();
        Autograd.noGrad(() -> model.parameters().forEach(p -> p.copyFrom(p.mul(2f))));
        assertArrayEquals(before, plan.forward(x).toFloatArray(), 0f);
    }

    @Test
    void concurrentCallsGiveTheSameResultsAsOneThread() throws Exception {
        Generator.manualSeed(8);
        Sequential model = TinyConvNet.of(8, 40, 3);
        NormStatistics.randomize(model, 9);
        model.eval();
        InferencePlan plan = Inference.compile(model);
        int inputs = 16;
        float[][] x = new float[inputs][];
        float[][] expected = new float[inputs][];
        Random random = new Random(1);
        for (int i = 0; i < inputs; i++) {
            x[i] = new float[40];
            for (int j = 0; j < 40; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            expected[i] = plan.forward(x[i], 1, 1, 40);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 25; round++) {
                        for (int i = 0; i < inputs; i++) {
                            assertArrayEquals(expected[i], plan.forward(x[i], 1, 1, 40), 0f);
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(plan.idleArenaBytes() <= 4L * 3 * 40 * 8 * 4, "at most one arena per concurrent caller");
    }
}
