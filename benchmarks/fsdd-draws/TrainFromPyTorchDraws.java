import dev.cochlea.*;
import dev.cochlea.data.ClipPreparer;
import dev.cochlea.data.Fsdd;
import dev.cochlea.examples.speech.SpeechNets;
import dev.cochlea.io.Checkpoints;
import dev.cochlea.kernels.*;
import dev.cochlea.nn.*;
import dev.cochlea.optim.Adam;
import java.nio.file.*;
import java.util.*;
/**
 * The FSDD speaker-split recipe (Adam 1e-3, batch 32, 12 epochs) in Cochlea, started from PyTorch's draws written by
 * dump_pytorch_draws.py: its initial state dict and its per-epoch batch orders over the sorted training files.
 * Usage (from this folder, after mvn -pl examples -am package -DskipTests):
 * java --add-modules jdk.incubator.vector -Xmx8g -cp ../../examples/target/cochlea-speech.jar TrainFromPyTorchDraws.java SEED [FSDD_DIR]
 */
public class TrainFromPyTorchDraws {
  public static void main(String[] a) throws Exception {
    int seed = Integer.parseInt(a[0]);
    Path dir = Paths.get(a.length > 1 ? a[1] : "../../../shared/data/fsdd", "recordings");
    List<String> train = new ArrayList<>(), test = new ArrayList<>();
    try (var s = Files.list(dir)) { s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d_[a-z]+_\\d+\\.wav")).sorted().forEach(n -> {
      String sp = n.split("_")[1];
      if (Fsdd.DEFAULT_TRAIN_SPEAKERS.contains(sp)) train.add(n);
      else if (Fsdd.DEFAULT_TEST_SPEAKERS.contains(sp)) test.add(n); }); }
    ClipPreparer prep = new ClipPreparer(16000, 32000);
    float[][] xtr = new float[train.size()][], xte = new float[test.size()][];
    for (int i = 0; i < train.size(); i++) xtr[i] = prep.prepare(dir.resolve(train.get(i)));
    for (int i = 0; i < test.size(); i++) xte[i] = prep.prepare(dir.resolve(test.get(i)));
    List<String> orders = Files.readAllLines(Paths.get("order" + seed + ".txt"));
    Backend be = Backends.best();
    Sequential model = SpeechNets.seed(10);
    Checkpoints.load(model, Paths.get("init" + seed + ".safetensors"));
    model.to(be);
    Adam opt = new Adam(model.parameters(), 1e-3f);
    double[] evals = new double[12];
    for (int epoch = 0; epoch < 12; epoch++) {
      model.train();
      int[] perm = Arrays.stream(orders.get(epoch).trim().split(" ")).mapToInt(Integer::parseInt).toArray();
      int correct = 0;
      for (int start = 0; start < perm.length; start += 32) {
        int n = Math.min(32, perm.length - start);
        float[] x = new float[n * 32000]; int[] y = new int[n];
        for (int i = 0; i < n; i++) { int idx = perm[start + i]; System.arraycopy(xtr[idx], 0, x, i * 32000, 32000); y[i] = train.get(idx).charAt(0) - '0'; }
        try (MemoryScope scope = MemoryScope.open()) {
          Tensor logits = model.forward(Tensor.of(be, x, n, 1, 32000));
          Tensor loss = Losses.crossEntropy(logits, Tensor.labels(be, y));
          opt.zeroGrad(); loss.backward(); opt.step();
          float[] l = logits.toFloatArray();
          for (int i = 0; i < n; i++) if (argmax(l, i) == y[i]) correct++;
        }
      }
      model.eval();
      int hits = 0;
      try (Autograd.NoGrad ng = Autograd.noGrad()) {
        for (int start = 0; start < xte.length; start += 64) {
          int n = Math.min(64, xte.length - start);
          float[] x = new float[n * 32000];
          for (int i = 0; i < n; i++) System.arraycopy(xte[start + i], 0, x, i * 32000, 32000);
          try (MemoryScope scope = MemoryScope.open()) {
            float[] l = model.forward(Tensor.of(be, x, n, 1, 32000)).toFloatArray();
            for (int i = 0; i < n; i++) if (argmax(l, i) == test.get(start + i).charAt(0) - '0') hits++;
          }
        }
      }
      evals[epoch] = (double) hits / xte.length;
      System.out.printf(Locale.ROOT, "epoch %d: train acc %.2f%% eval acc %.2f%%%n", epoch + 1, 100.0 * correct / perm.length, 100 * evals[epoch]);
    }
    double m3 = (evals[9] + evals[10] + evals[11]) / 3;
    System.out.printf(Locale.ROOT, "held-out: mean of last 3 %.2f%%, final %.2f%%%n", 100 * m3, 100 * evals[11]);
  }

  /** The class with the largest of row i's ten logits. */
  static int argmax(float[] logits, int row) {
    int best = 0;
    for (int c = 1; c < 10; c++) if (logits[row * 10 + c] > logits[row * 10 + best]) best = c;
    return best;
  }
}
