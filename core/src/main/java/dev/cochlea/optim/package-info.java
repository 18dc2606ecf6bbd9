/**
 * Optimizers and learning-rate schedules with torch.optim's names and defaults ({@code SGD}, {@code Adam},
 * {@code AdamW}, {@code StepLR}, {@code CosineAnnealingLR}, gradient clipping), their state saved by PyTorch's names.
 */
package dev.cochlea.optim;
