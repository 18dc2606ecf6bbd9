package dev.cochlea.examples.speech;

/**
 * The loudness profile of one window in 10 ms frames (RMS per frame), which decides whether the window is worth
 * classifying and where the sound in it starts. A window qualifies when its loudest frame reaches the level floor and
 * it holds whole sounds: its first and last 50 ms are quiet next to that frame (below {@link #QUIET_RATIO} of it), so
 * a command is not judged from a window that cuts it. The onset is the first frame that is not quiet.
 */
final class WindowLevels {
    /** A frame is quiet below this fraction of the window's loudest frame's RMS (-20 dB). */
    static final double QUIET_RATIO = 0.1;

    private static final int EDGE_FRAMES = 5;

    private final double[] rms;
    private final int frameSamples;
    private final double peak;

    private WindowLevels(double[] rms, int frameSamples) {
        this.rms = rms;
        this.frameSamples = frameSamples;
        double max = 0;
        for (double r : rms) {
            max = Math.max(max, r);
        }
        this.peak = max;
    }

    static WindowLevels of(float[] window, int sampleRate) {
        int frame = Math.max(1, sampleRate / 100);
        double[] rms = new double[window.length / frame];
        for (int f = 0; f < rms.length; f++) {
            double sum = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++) {
                sum += (double) window[i] * window[i];
            }
            rms[f] = Math.sqrt(sum / frame);
        }
        return new WindowLevels(rms, frame);
    }

    /** The loudest frame's RMS in dB relative to full scale (a full-scale sine is -3 dB). */
    double peakDb() {
        return 20 * Math.log10(Math.max(peak, 1e-10));
    }

    boolean qualifies(double minLevelDb) {
        if (rms.length <= 2 * EDGE_FRAMES || peakDb() < minLevelDb) {
            return false;
        }
        for (int f = 0; f < EDGE_FRAMES; f++) {
            if (rms[f] >= QUIET_RATIO * peak || rms[rms.length - 1 - f] >= QUIET_RATIO * peak) {
                return false;
            }
        }
        return true;
    }

    /** Samples from the window's start to the first frame that is not quiet. */
    int onsetSample() {
        for (int f = 0; f < rms.length; f++) {
            if (rms[f] >= QUIET_RATIO * peak) {
                return f * frameSamples;
            }
        }
        return 0;
    }
}
