package dev.cochlea.audio;

import java.util.random.RandomGenerator;

/**
 * Shifts a waveform by a whole number of samples drawn uniformly from {@code [-maxShift, maxShift]}
 * (positive = later). The length is kept: with {@link Mode#CIRCULAR} the samples pushed off one end
 * come back at the other ({@code torch.roll}); with {@link Mode#ZERO_FILL} they are dropped and the
 * gap is silence, which suits clips whose start and end are not continuous (most recordings).
 */
public final class RandomTimeShift implements Augmentation {
    /** What fills the samples vacated by the shift. */
    public enum Mode {
        CIRCULAR,
        ZERO_FILL
    }

    private final int maxShift;
    private final Mode mode;

    public RandomTimeShift(int maxShift, Mode mode) {
        if (maxShift < 0) {
            throw new IllegalArgumentException("maxShift must be non-negative, got " + maxShift);
        }
        this.maxShift = maxShift;
        this.mode = mode;
    }

    /** A shift of up to {@code maxSeconds} at {@code sampleRate}. */
    public static RandomTimeShift ofSeconds(double maxSeconds, int sampleRate, Mode mode) {
        return new RandomTimeShift((int) Math.round(maxSeconds * sampleRate), mode);
    }

    @Override
    public float[] apply(float[] waveform, RandomGenerator rng) {
        return shift(waveform, rng.nextInt(-maxShift, maxShift + 1), mode);
    }

    /** {@code waveform} shifted by exactly {@code shift} samples (positive = later). */
    public static float[] shift(float[] waveform, int shift, Mode mode) {
        int n = waveform.length;
        float[] out = new float[n];
        if (n == 0) {
            return out;
        }
        if (mode == Mode.CIRCULAR) {
            int s = Math.floorMod(shift, n);
            System.arraycopy(waveform, 0, out, s, n - s);
            System.arraycopy(waveform, n - s, out, 0, s);
        } else if (Math.abs(shift) < n) {
            if (shift >= 0) {
                System.arraycopy(waveform, 0, out, shift, n - shift);
            } else {
                System.arraycopy(waveform, -shift, out, 0, n + shift);
            }
        }
        return out;
    }
}
