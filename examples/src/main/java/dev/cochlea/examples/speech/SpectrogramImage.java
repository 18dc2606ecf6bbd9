package dev.cochlea.examples.speech;

import dev.cochlea.audio.AmplitudeToDB;
import dev.cochlea.audio.Spectrogram;
import dev.cochlea.io.AtomicWrite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The spectrogram of a clip as a PNG (Java2D, headless): |STFT|^2 in dB (512-point FFT, hop 128, 80 dB range), time
 * across, frequency up, with axes in seconds and kHz.
 */
public final class SpectrogramImage {
    private static final int LEFT = 70;
    private static final int BOTTOM = 50;
    private static final int TOP = 40;
    private static final int RIGHT = 20;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private SpectrogramImage() {}

    public static void write(Path file, float[] waveform, int sampleRate, String title) throws IOException {
        Spectrogram stft = Spectrogram.builder().nFft(512).hopLength(128).build();
        float[][] db = new AmplitudeToDB(AmplitudeToDB.SType.POWER, 80.0).apply(stft.apply(waveform));
        int freqs = db.length;
        int frames = db[0].length;
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float[] row : db) {
            for (float v : row) {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
        }
        int plotW = Math.max(400, Math.min(1200, frames * 3));
        int plotH = 360;
        BufferedImage image = new BufferedImage(LEFT + plotW + RIGHT, TOP + plotH + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int px = 0; px < plotW; px++) {
            int t = Math.min(frames - 1, px * frames / plotW);
            for (int py = 0; py < plotH; py++) {
                int f = Math.min(freqs - 1, (plotH - 1 - py) * freqs / plotH);
                double level = max > min ? (db[f][t] - min) / (max - min) : 0;
                image.setRGB(LEFT + px, TOP + py, colour(level));
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, TOP - 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double seconds = (double) waveform.length / sampleRate;
        for (int i = 0; i <= 4; i++) {
            int x = LEFT + i * plotW / 4;
            g.drawLine(x, TOP + plotH, x, TOP + plotH + 5);
            g.drawString(String.format(Locale.ROOT, "%.2f", seconds * i / 4), x - 12, TOP + plotH + 20);
            int y = TOP + plotH - i * plotH / 4;
            g.drawLine(LEFT - 5, y, LEFT, y);
            g.drawString(String.format(Locale.ROOT, "%.1f", sampleRate / 2000.0 * i / 4), LEFT - 35, y + 4);
        }
        g.drawString("time (s)", LEFT + plotW / 2 - 20, TOP + plotH + 40);
        g.rotate(-Math.PI / 2);
        g.drawString("frequency (kHz)", -(TOP + plotH / 2 + 45), 20);
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicWrite.write(file, out -> ImageIO.write(image, "png", out));
    }

    /** A dark-blue to yellow ramp (perceptually ordered, like viridis' ends). */
    private static int colour(double level) {
        double l = Math.max(0, Math.min(1, level));
        int r = (int) (255 * Math.min(1, Math.max(0, 1.8 * l - 0.6)));
        int gr = (int) (255 * Math.min(1, 0.1 + 0.9 * l));
        int b = (int) (255 * Math.max(0, 0.45 - 0.35 * l + 0.3 * Math.sin(Math.PI * l)));
        return (r << 16) | (gr << 8) | b;
    }
}
