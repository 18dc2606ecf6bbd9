/**
 * Audio in and out of tensors (torchaudio's part): WAV reading and writing, resampling, spectrograms, mel
 * filter banks, MFCC and SpecAugment-style masking.
 */
package dev.cochlea.audio;
