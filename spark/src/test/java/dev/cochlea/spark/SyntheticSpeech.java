package dev.cochlea.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
                    writeWav(dir.resolve(String.format("%s_%02d.wav", LABELS[l], i)), tone(random, l));
                }
            }
        }
        return root;
    }

    private static short[] tone(Random random, int label) {
        double hz = new double[] {1200, 300, 700}[label];
        double phase = random.nextDouble() * 2 * Math.PI;
        short[] samples = new short[RATE / 4];
        for (int t = 0; t < samples.length; t++) {
            double v = 0.4 * Math.sin(2 * Math.PI * hz * t / RATE + phase) + 0.05 * random.nextGaussian();
            samples[t] = (short) Math.round(Math.max(-1, Math.min(1, v)) * 32767);
        }
        return samples;
    }

    private static void writeWav(Path file, short[] samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * samples.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(RATE)
                .putInt(RATE * 2)
                .putShort((short) 2)
                .putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * samples.length);
        for (short s : samples) {
            b.putShort(s);
        }
        Files.write(file, b.array());
    }
}
