package dev.cochlea.examples.speech;

import java.util.List;
import java.util.Locale;

/** A confusion matrix as text: the full table for up to 20 classes, else per-class recall and top confusions. */
final class ConfusionText {
    private ConfusionText() {}

    static String format(int[][] confusion, List<String> labels) {
        StringBuilder sb = new StringBuilder();
        int n = labels.size();
        if (n <= 20) {
            int width = 6;
            for (String label : labels) {
                width = Math.max(width, Math.min(label.length(), 16) + 1);
            }
            sb.append("confusion matrix (rows: true label, columns: predicted):\n");
            sb.append(pad("", width));
            for (int p = 0; p < n; p++) {
                sb.append(pad(Integer.toString(p), 6));
            }
            sb.append('\n');
            for (int t = 0; t < n; t++) {
                String name = labels.get(t).length() > 16 ? labels.get(t).substring(0, 16) : labels.get(t);
                sb.append(pad(t + " " + name, width + 2));
                for (int p = 0; p < n; p++) {
                    sb.append(pad(Integer.toString(confusion[t][p]), 6));
                }
                sb.append('\n');
            }
            return sb.toString();
        }
        sb.append("most frequent confusions (true -> predicted: count):\n");
        record Cell(int t, int p, int count) {}
        java.util.List<Cell> cells = new java.util.ArrayList<>();
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                if (t != p && confusion[t][p] > 0) {
                    cells.add(new Cell(t, p, confusion[t][p]));
                }
            }
        }
        cells.sort((a, b) -> Integer.compare(b.count(), a.count()));
        for (Cell c : cells.subList(0, Math.min(10, cells.size()))) {
            sb.append(String.format(Locale.ROOT, "  %s -> %s: %d%n", labels.get(c.t()), labels.get(c.p()), c.count()));
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : " ".repeat(width - s.length()) + s;
    }
}
