package dev.cochlea.examples.speech;

import dev.cochlea.audio.AddWhiteNoise;
import dev.cochlea.audio.AudioClip;
import dev.cochlea.audio.RandomGain;
import dev.cochlea.audio.Resample;
import dev.cochlea.audio.SampleEncoding;
import dev.cochlea.audio.SpeedPerturbation;
import dev.cochlea.audio.Wav;
import dev.cochlea.data.Csv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code synth}: a spoken-commands corpus from espeak-ng in the Fluent Speech Commands layout
 * ({@code wavs/speakers/SPEAKER/NNN.wav}, {@code data/{train,valid,test}_data.csv}), split by speaker. The same
 * options and seed give the same files.
 */
@Command(
        name = "synth",
        description = "Generate a synthetic spoken-commands corpus with espeak-ng (Fluent Speech Commands layout).")
public final class SynthCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(
            names = "--phrases",
            defaultValue = "248",
            description = "Distinct phrases, up to 252 " + "(default: ${DEFAULT-VALUE}).")
    int phrases;

    @Option(names = "--speakers", defaultValue = "100", description = "Synthetic speakers (default: ${DEFAULT-VALUE}).")
    int speakers;

    @Option(
            names = "--sample-rate",
            defaultValue = "16000",
            description = "Output rate in Hz (default: " + "${DEFAULT-VALUE}; 8000 makes smaller files).")
    int sampleRate;

    @Option(
            names = "--valid-fraction",
            defaultValue = "0.1",
            description = "Speakers held out for validation " + "(default: ${DEFAULT-VALUE}).")
    double validFraction;

    @Option(
            names = "--test-fraction",
            defaultValue = "0.1",
            description = "Speakers held out for test " + "(default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--no-augment", description = "No noise, gain or tempo changes.")
    boolean noAugment;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--threads",
            defaultValue = "2",
            description = "Parallel espeak-ng processes (default: " + "${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--espeak", defaultValue = "espeak-ng", hidden = true, description = "espeak-ng program.")
    String espeakProgram;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    private record Job(int speaker, int phrase) {}

    @Override
    public Integer call() throws Exception {
        if (threads < 1
                || sampleRate < 4000
                || validFraction < 0
                || testFraction < 0
                || validFraction + testFraction >= 1) {
            throw new CliException("--threads >= 1, --sample-rate >= 4000 and valid + test fractions < 1 please");
        }
        Espeak espeak = new Espeak(espeakProgram);
        espeak.requireInstalled();
        List<SmartHomePhrases.Phrase> phraseList = SmartHomePhrases.first(phrases);
        List<SyntheticSpeaker> speakerList = SyntheticSpeaker.draw(speakers, seed);
        Files.createDirectories(out.resolve("data"));
        Path tmp = Files.createTempDirectory("cochlea-synth");
        List<Job> jobs = new ArrayList<>();
        for (int s = 0; s < speakerList.size(); s++) {
            for (int p = 0; p < phraseList.size(); p++) {
                jobs.add(new Job(s, p));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cochlea-synth");
            t.setDaemon(true);
            return t;
        });
        try (ProgressBar bar = noProgress
                ? null
                : new ProgressBarBuilder()
                        .setTaskName("synth")
                        .setInitialMax(jobs.size())
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUnit(" clips", 1)
                        .build()) {
            List<Future<?>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    render(
                            espeak,
                            phraseList.get(job.phrase()),
                            job.phrase(),
                            speakerList.get(job.speaker()),
                            job.speaker(),
                            tmp);
                    if (bar != null) {
                        bar.step();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
            Files.deleteIfExists(tmp);
        }
        int[] counts = writeSplits(phraseList, speakerList);
        System.out.printf(
                Locale.ROOT,
                "wrote %d clips (%d phrases x %d speakers, %d Hz) to %s: %d train / %d valid " + "/ %d test speakers%n",
                jobs.size(),
                phraseList.size(),
                speakerList.size(),
                sampleRate,
                out,
                counts[0],
                counts[1],
                counts[2]);
        System.out.println("train on it: cochlea-speech train --data " + out + " --format fsc");
        return 0;
    }

    static String clipPath(SyntheticSpeaker speaker, int phrase) {
        return String.format(Locale.ROOT, "wavs/speakers/%s/%03d.wav", speaker.id(), phrase);
    }

    /** Speak, trim silence, resample, augment (per clip, seeded by speaker and phrase) and write 16-bit PCM. */
    private void render(
            Espeak espeak,
            SmartHomePhrases.Phrase phrase,
            int phraseIndex,
            SyntheticSpeaker speaker,
            int speakerIndex,
            Path tmp)
            throws IOException {
        AudioClip spoken = espeak.speak(phrase.text(), speaker, tmp);
        float[] samples = trimSilence(spoken.mono(), spoken.sampleRate());
        samples = Resample.resample(samples, spoken.sampleRate(), sampleRate);
        if (!noAugment) {
            SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + speakerIndex * 1_009L + phraseIndex);
            samples = new SpeedPerturbation(sampleRate, 0.9, 1.0, 1.1).apply(samples, rng);
            samples = new RandomGain(-6, 3).apply(samples, rng);
            samples = new AddWhiteNoise(20, 45).withProbability(0.7).apply(samples, rng);
            clip(samples);
        }
        Path file = out.resolve(clipPath(speaker, phraseIndex));
        Files.createDirectories(file.getParent());
        Wav.write(file, samples, sampleRate, SampleEncoding.PCM_S16);
    }

    /** Drops leading and trailing samples quieter than 1% of the peak, keeping 50 ms either side (espeak-ng pads its
     * output with silence, which would otherwise take a large share of a short clip). */
    static float[] trimSilence(float[] x, int rate) {
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        float threshold = 0.01f * peak;
        int first = 0;
        while (first < x.length && Math.abs(x[first]) <= threshold) {
            first++;
        }
        int last = x.length - 1;
        while (last > first && Math.abs(x[last]) <= threshold) {
            last--;
        }
        if (first >= x.length) {
            return x;
        }
        int margin = rate / 20;
        return java.util.Arrays.copyOfRange(x, Math.max(0, first - margin), Math.min(x.length, last + 1 + margin));
    }

    private static void clip(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(-1f, Math.min(32767f / 32768f, x[i]));
        }
    }

    /** Shuffles speakers with the seed and writes the three CSVs; returns the speakers per split. */
    private int[] writeSplits(List<SmartHomePhrases.Phrase> phraseList, List<SyntheticSpeaker> speakerList)
            throws IOException {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < speakerList.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed ^ 0x5EEDL));
        int n = order.size();
        int test = n >= 3 ? Math.max(1, (int) Math.round(n * testFraction)) : 0;
        int valid = n >= 3 ? Math.max(1, (int) Math.round(n * validFraction)) : 0;
        List<List<Integer>> splits = List.of(
                order.subList(0, n - valid - test),
                order.subList(n - valid - test, n - test),
                order.subList(n - test, n));
        String[] names = {"train", "valid", "test"};
        for (int s = 0; s < 3; s++) {
            StringBuilder csv = new StringBuilder(",path,speakerId,transcription,action,object,location\n");
            int row = 0;
            List<Integer> members = new ArrayList<>(splits.get(s));
            Collections.sort(members);
            for (int speaker : members) {
                SyntheticSpeaker sp = speakerList.get(speaker);
                for (int p = 0; p < phraseList.size(); p++) {
                    SmartHomePhrases.Phrase ph = phraseList.get(p);
                    csv.append(row++)
                            .append(',')
                            .append(clipPath(sp, p))
                            .append(',')
                            .append(sp.id())
                            .append(',')
                            .append(Csv.quote(ph.text()))
                            .append(',')
                            .append(ph.action())
                            .append(',')
                            .append(ph.object())
                            .append(',')
                            .append(ph.location())
                            .append('\n');
                }
            }
            AtomicFiles.writeString(out.resolve("data").resolve(names[s] + "_data.csv"), csv.toString());
        }
        return new int[] {
            splits.get(0).size(), splits.get(1).size(), splits.get(2).size()
        };
    }
}
