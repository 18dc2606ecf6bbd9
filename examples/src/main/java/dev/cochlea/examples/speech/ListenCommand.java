package dev.cochlea.examples.speech;

import dev.cochlea.audio.WavFile;
import dev.cochlea.kernels.Backend;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code listen}: commands found in a long recording, standard input or a microphone, with their time stamps. */
@Command(
        name = "listen",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Slides the model's window over a recording and prints each command found: its start time, "
                    + "label and probability.",
            "SOURCE is a WAV file, or '-' for raw PCM on standard input: signed 16-bit little-endian mono at "
                    + "--rate Hz (e.g. arecord -f S16_LE -c 1 -r 16000 -t raw | cochlea-speech listen ... -)."
        })
public final class ListenCommand implements Callable<Integer> {
    @Mixin
    CheckpointOption checkpointOption;

    @Option(
            names = "--labels",
            paramLabel = "LABELS.txt",
            description = "Labels, one per line: needed only for a "
                    + "checkpoint without them in its metadata (e.g. from PyTorch); must agree with them otherwise.")
    Path labelsFile;

    @Option(
            names = "--stride",
            defaultValue = "0.1",
            paramLabel = "SECONDS",
            description = "Seconds between window starts (default: ${DEFAULT-VALUE}).")
    double stride;

    @Option(
            names = "--threshold",
            defaultValue = "0.7",
            paramLabel = "P",
            description = "Report a command when its probability reaches P (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(
            names = "--min-level",
            defaultValue = "-50",
            paramLabel = "DBFS",
            description = "Windows whose loudest 10 ms are quieter than this are silence (default: ${DEFAULT-VALUE}).")
    double minLevel;

    @Option(
            names = "--rate",
            defaultValue = "16000",
            paramLabel = "HZ",
            description = "Sample rate of '-' and --mic input (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--mic", description = "Listen to the default microphone (javax.sound.sampled).")
    boolean mic;

    @Option(
            names = "--seconds",
            paramLabel = "SECONDS",
            description = "Stop after this much audio (default: until the source ends).")
    Double seconds;

    @Mixin
    BackendOption backendOption;

    @Parameters(arity = "0..1", paramLabel = "SOURCE", description = "FILE.wav, or '-' for standard input.")
    String source;

    @Override
    public Integer call() throws Exception {
        if ((source == null) == !mic) {
            throw new CliException("listen needs exactly one source: FILE.wav, '-' (standard input) or --mic");
        }
        if (rate < 1) {
            throw new CliException("--rate must be >= 1 Hz, got " + rate);
        }
        if (seconds != null && !(seconds >= 0)) {
            throw new CliException("--seconds must be >= 0, got " + seconds);
        }
        Listener.Options options;
        try {
            options = new Listener.Options(stride, threshold, minLevel, "-".equals(source) || mic ? 1 : 16);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        Backend backend = backendOption.apply();
        PrintStream out = System.out;
        int[] found = {0};
        try (Predictor predictor = Predictor.load(checkpointOption.checkpoint, labelsFile, backend, 1)) {
            long limit = limit(rate);
            Listener listener;
            if (mic) {
                listener = newListener(predictor, rate, options, out, found);
                listenToMicrophone(listener, limit);
            } else if ("-".equals(source)) {
                listener = newListener(predictor, rate, options, out, found);
                PcmSource.pump(new BufferedInputStream(System.in), listener, limit);
            } else {
                listener = listenToFile(Path.of(source), predictor, options, out, found);
            }
            listener.finish();
            System.err.printf(
                    Locale.ROOT,
                    "%d command(s) found; %d window(s) classified%n",
                    found[0],
                    listener.windowsClassified());
        }
        return 0;
    }

    /** The sample count --seconds allows at {@code sampleRate} Hz; negative for no limit. */
    private long limit(int sampleRate) {
        return seconds == null ? -1 : Math.round(seconds * sampleRate);
    }

    /**
     * Streams a WAV file chunk by chunk, so memory stays bounded whatever its length. A file the model cannot listen
     * to (its rate cannot be resampled to the model's) is refused before any audio is read, in one line naming it.
     */
    private Listener listenToFile(
            Path file, Predictor predictor, Listener.Options options, PrintStream out, int[] found) throws IOException {
        try (WavFile wav = WavFile.open(file)) {
            int fileRate = wav.format().sampleRate();
            Listener listener;
            try {
                predictor.requireSampleRate(fileRate);
                listener = newListener(predictor, fileRate, options, out, found);
            } catch (IllegalArgumentException e) {
                throw new CliException(file + ": " + e.getMessage());
            }
            WavFileSource.pump(wav, listener, limit(fileRate));
            return listener;
        }
    }

    private static Listener newListener(
            Predictor predictor, int sampleRate, Listener.Options options, PrintStream out, int[] found) {
        return new Listener(predictor, sampleRate, options, d -> {
            found[0]++;
            out.printf(Locale.ROOT, "%9.2f s  %-12s %.3f%n", d.seconds(), d.label(), d.probability());
            out.flush();
        });
    }

    /** Streams the default capture device; a machine without one fails with one line saying so. */
    private void listenToMicrophone(Listener listener, long limit) throws IOException {
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        DataLine.Info info = new DataLine.Info(TargetDataLine.class, format);
        TargetDataLine line;
        try {
            if (!AudioSystem.isLineSupported(info)) {
                throw new CliException(noMicrophone("no capture line for " + rate + " Hz 16-bit mono"));
            }
            line = (TargetDataLine) AudioSystem.getLine(info);
            line.open(format);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new CliException(noMicrophone(e.getMessage()));
        }
        try (AudioInputStream in = new AudioInputStream(line)) {
            line.start();
            System.err.println("listening to the microphone (" + rate + " Hz); Ctrl-C stops");
            PcmSource.pump(in, listener, limit);
        } finally {
            line.close();
        }
    }

    static String noMicrophone(String why) {
        return "no microphone: javax.sound.sampled found no capture device (" + why + "); use '-' with arecord or sox";
    }
}
