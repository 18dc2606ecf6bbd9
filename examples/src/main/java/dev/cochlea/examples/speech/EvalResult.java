package dev.cochlea.examples.speech;

/** Loss, accuracy and confusion matrix (rows: true class, columns: predicted class) over a split. */
public record EvalResult(double loss, double accuracy, int[][] confusion, int count) {}
