/**
 * The speech example: a command-line program that trains, evaluates and runs spoken-command classifiers (the
 * raw-waveform seed network and a mel-spectrogram network) with progress bars, metrics and charts.
 */
package dev.cochlea.examples.speech;
