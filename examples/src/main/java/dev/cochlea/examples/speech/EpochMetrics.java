package dev.cochlea.examples.speech;

/** One epoch's figures: 1-based epoch, mean losses, accuracies in [0, 1], training throughput and wall time. */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double evalLoss,
        double evalAccuracy,
        double samplesPerSecond,
        double seconds) {
    static final String HEADER = "epoch,train_loss,train_acc,eval_loss,eval_acc,samples_per_s,seconds";

    String csv() {
        return String.format(
                java.util.Locale.ROOT,
                "%d,%.6f,%.6f,%.6f,%.6f,%.1f,%.2f",
                epoch,
                trainLoss,
                trainAccuracy,
                evalLoss,
                evalAccuracy,
                samplesPerSecond,
                seconds);
    }

    static EpochMetrics parse(String line) {
        String[] f = line.split(",");
        return new EpochMetrics(
                Integer.parseInt(f[0]),
                Double.parseDouble(f[1]),
                Double.parseDouble(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4]),
                Double.parseDouble(f[5]),
                Double.parseDouble(f[6]));
    }
}
