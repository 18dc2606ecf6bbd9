package dev.cochlea.spark;

import dev.cochlea.audio.SampleEncoding;
import dev.cochlea.audio.Wav;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A tiny folder-per-label dataset of 16 kHz tones (a different pitch per label, noise, random phase). */
final class SyntheticSpeech {
    static final String[] LABELS = {"high", "low", "mid"};
    private static final int RATE = 16000;

    private SyntheticSpeech() {}

    /** root/train/LABEL/*.wav and root/test/LABEL/*.wav. */
    static Path write(Path root, int trainPerLabel, int testPerLabel) throws IOException {
        Random random = new Random(11);
        for (int l = 0; l < LABELS.length; l++) {
            for (String split : new String[] {"train", "test"}) {
                Path dir = Files.createDirectories(root.resolve(split).resolve(LABELS[l]));
                int count = split.equals("train") ? trainPerLabel : testPerLabel;
                for (int i = 0; i < count; i++) {
                    Path wav = dir.resolve(String.format("%s_%02d.wav", LABELS[l], i));
                    Wav.write(wav, tone(random, l), RATE, SampleEncoding.PCM_S16);
                }
            }
        }
        return root;
    }

    /** A quarter second of the label's tone with noise, as 16-bit PCM values (scaled to [-1, 1)). */
    private static float[] tone(Random random, int label) {
        double hz = new double[] {1200, 300, 700}[label];
        double phase = random.nextDouble() * 2 * Math.PI;
        float[] samples = new float[RATE / 4];
        for (int t = 0; t < samples.length; t++) {
            double v = 0.4 * Math.sin(2 * Math.PI * hz * t / RATE + phase) + 0.05 * random.nextGaussian();
            samples[t] = Math.round(Math.max(-1, Math.min(1, v)) * 32767) / 32768f;
        }
        return samples;
    }
}
