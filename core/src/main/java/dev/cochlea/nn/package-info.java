/**
 * Layers, losses and initialisation with torch.nn's names and defaults: {@code Module}, {@code Sequential},
 * {@code Conv1d}, {@code BatchNorm1d}, {@code Linear}, ...; each layer is parameters plus a call to an op.
 */
package dev.cochlea.nn;
