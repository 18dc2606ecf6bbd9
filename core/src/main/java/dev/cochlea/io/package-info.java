/**
 * Reading and writing model and optimizer state: safetensors files with PyTorch's state-dict names, so
 * checkpoints move between Cochlea and PyTorch both ways.
 */
package dev.cochlea.io;
