package dev.cochlea.examples.speech;

import dev.cochlea.io.AtomicWrite;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The training charts as PNG files, drawn headless with XChart. */
public final class Charts {
    public static final String TRAIN_ACCURACY = "train_accuracy.png";
    public static final String EVAL_ACCURACY = "eval_accuracy.png";
    public static final String LOSS = "loss.png";
    public static final String CONFUSION = "confusion_matrix.png";
    public static final String SPECTROGRAM = "sample_spectrogram.png";

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** Training accuracy, evaluation accuracy and loss per epoch, into {@code dir}. */
    public static void writeCurves(Path dir, List<EpochMetrics> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        Files.createDirectories(dir);
        List<Integer> epochs = new ArrayList<>();
        List<Double> trainAcc = new ArrayList<>();
        List<Double> evalAcc = new ArrayList<>();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> evalLoss = new ArrayList<>();
        for (EpochMetrics m : rows) {
            epochs.add(m.epoch());
            trainAcc.add(100 * m.trainAccuracy());
            evalAcc.add(100 * m.evalAccuracy());
            trainLoss.add(m.trainLoss());
            evalLoss.add(m.evalLoss());
        }
        save(
                curve("Training accuracy per epoch", "accuracy (%)", epochs, List.of("train"), List.of(trainAcc)),
                dir.resolve(TRAIN_ACCURACY));
        save(
                curve(
                        "Evaluation accuracy per epoch (held-out)",
                        "accuracy (%)",
                        epochs,
                        List.of("eval"),
                        List.of(evalAcc)),
                dir.resolve(EVAL_ACCURACY));
        save(
                curve(
                        "Loss per epoch",
                        "cross-entropy",
                        epochs,
                        List.of("train", "eval"),
                        List.of(trainLoss, evalLoss)),
                dir.resolve(LOSS));
    }

    private static XYChart curve(
            String title, String yTitle, List<Integer> epochs, List<String> names, List<List<Double>> series) {
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(500)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setLegendVisible(names.size() > 1);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (int i = 0; i < names.size(); i++) {
            chart.addSeries(names.get(i), epochs, series.get(i)).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /** A heat map of counts, rows = true label (top to bottom), columns = predicted label. */
    public static void writeConfusion(Path file, int[][] confusion, List<String> labels, String title)
            throws IOException {
        int n = labels.size();
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(Math.max(600, Math.min(1600, 200 + 28 * n)))
                .height(Math.max(560, Math.min(1500, 160 + 28 * n)))
                .title(title)
                .xAxisTitle("predicted")
                .yAxisTitle("true")
                .build();
        boolean small = n <= 30;
        HeatMapStyler styler = chart.getStyler();
        styler.setShowValue(small && n <= 20);
        styler.setRangeColors(new Color[] {Color.WHITE, new Color(0x6baed6), new Color(0x08306b)});
        styler.setDrawBorder(false);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setXAxisTicksVisible(small);
        styler.setYAxisTicksVisible(small);
        int[] x = new int[n];
        int[] y = new int[n];
        int[][] cells = new int[n * n][];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i;
        }
        // XChart draws y upwards; put class 0 at the top as confusion matrices are usually read.
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                cells[t * n + p] = new int[] {p, n - 1 - t, confusion[t][p]};
            }
        }
        // Columns by class index (labels are often phrases too long to fit), rows "index label".
        List<String> xLabels = indexLabels(n);
        List<String> yLabels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            yLabels.add(small ? i + " " + labels.get(i) : Integer.toString(i));
        }
        java.util.Collections.reverse(yLabels);
        chart.addSeries("count", xLabels, yLabels, toNumbers(cells));
        save(chart, file);
    }

    private static List<String> indexLabels(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    private static List<Number[]> toNumbers(int[][] cells) {
        List<Number[]> out = new ArrayList<>(cells.length);
        for (int[] c : cells) {
            out.add(new Number[] {c[0], c[1], c[2]});
        }
        return out;
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        AtomicWrite.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
