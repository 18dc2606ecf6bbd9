package dev.cochlea.examples.speech;

import dev.cochlea.Autograd;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.data.Batch;
import dev.cochlea.data.DataLoader;
import dev.cochlea.nn.Losses;
import dev.cochlea.nn.Module;
import java.util.Iterator;

/** Runs a model in eval mode over a loader, without gradients. */
public final class Evaluator {
    private Evaluator() {}

    public static EvalResult evaluate(Module model, DataLoader loader, int classes, int epoch) {
        boolean wasTraining = model.isTraining();
        model.eval();
        int[][] confusion = new int[classes][classes];
        double lossSum = 0;
        int correct = 0;
        int count = 0;
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            Iterator<Batch> it = loader.epoch(epoch).iterator();
            while (it.hasNext()) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Batch batch = it.next();
                    Tensor logits = model.forward(batch.inputs());
                    lossSum += Losses.crossEntropy(logits, batch.labels()).item() * batch.size();
                    int[] predicted = argmaxRows(logits.toFloatArray(), classes);
                    int[] truth = batch.labels().toIntArray();
                    for (int i = 0; i < truth.length; i++) {
                        confusion[truth[i]][predicted[i]]++;
                        correct += truth[i] == predicted[i] ? 1 : 0;
                    }
                    count += truth.length;
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new EvalResult(lossSum / count, (double) correct / count, confusion, count);
    }

    static int[] argmaxRows(float[] logits, int classes) {
        int rows = logits.length / classes;
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[r * classes + c] > logits[r * classes + best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    /** Softmax of each row, in double for the sum. */
    static double[][] softmaxRows(float[] logits, int classes) {
        int rows = logits.length / classes;
        double[][] out = new double[rows][classes];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[r * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                out[r][c] = Math.exp(logits[r * classes + c] - max);
                sum += out[r][c];
            }
            for (int c = 0; c < classes; c++) {
                out[r][c] /= sum;
            }
        }
        return out;
    }
}
