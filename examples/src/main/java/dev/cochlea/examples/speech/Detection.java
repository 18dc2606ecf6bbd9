package dev.cochlea.examples.speech;

/** A command found in a recording: its label, where it starts (seconds from the start) and its probability. */
public record Detection(String label, double seconds, double probability) {}
