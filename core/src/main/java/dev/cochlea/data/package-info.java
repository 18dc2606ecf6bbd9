/**
 * Data sets and loading (torch.utils.data's part): the {@code DataLoader} with PyTorch's shuffling, clip
 * preparation, and readers for speech corpora such as FSDD.
 */
package dev.cochlea.data;
