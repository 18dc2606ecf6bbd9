package dev.cochlea.examples.speech;

import dev.cochlea.data.ClipPreparer;
import dev.cochlea.data.LabelledClip;
import dev.cochlea.io.IoErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads every clip of a dataset the way training will (decode, mix, resample, crop; bounded per file) before the
 * first step, so that a bad file is reported with all the others at once instead of ending a long run mid-epoch.
 */
final class ClipCheck {
    /** A clip that cannot be used, and why (one line naming the file). */
    record Problem(Path file, String message) {}

    /** How many problems a message lists. */
    static final int SHOWN = 20;

    private ClipCheck() {}

    /** The problems of the distinct files among {@code clips}, in their order; empty when all are usable. */
    static List<Problem> check(Collection<LabelledClip> clips, ClipPreparer preparer, int threads)
            throws InterruptedException {
        LinkedHashSet<Path> files = new LinkedHashSet<>();
        clips.forEach(c -> files.add(c.file()));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Problem>> results = new ArrayList<>();
            for (Path file : files) {
                results.add(pool.submit(() -> problemOf(file, preparer)));
            }
            List<Problem> problems = new ArrayList<>();
            for (Future<Problem> f : results) {
                Problem p = f.get();
                if (p != null) {
                    problems.add(p);
                }
            }
            return problems;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The problems that {@code --skip-bad} leaves out of {@code clips}: none when every clip can be used; otherwise,
     * with {@code skipBad}, all of them after listing them on {@code log}, and without it a refusal naming them that
     * tells the user to {@code verb} with --skip-bad.
     */
    static List<Problem> leaveOut(
            List<LabelledClip> clips, ClipPreparer preparer, int threads, boolean skipBad, String verb, PrintStream log)
            throws InterruptedException {
        List<Problem> problems = check(clips, preparer, threads);
        if (problems.isEmpty()) {
            return problems;
        }
        String listing = describe(problems);
        if (!skipBad) {
            throw new CliException(problems.size() + " of " + clips.size() + " clips cannot be used (" + verb
                    + " with --skip-bad to leave them out):" + listing);
        }
        log.printf(Locale.ROOT, "--skip-bad: leaving out %d of %d clips:%s%n", problems.size(), clips.size(), listing);
        return problems;
    }

    /** {@code clips} without the files of {@code problems}. */
    static List<LabelledClip> without(List<LabelledClip> clips, List<Problem> problems) {
        Set<Path> bad = new HashSet<>();
        problems.forEach(p -> bad.add(p.file()));
        return clips.stream().filter(c -> !bad.contains(c.file())).toList();
    }

    private static Problem problemOf(Path file, ClipPreparer preparer) {
        try {
            preparer.prepare(file);
            return null;
        } catch (IOException e) {
            String message = IoErrors.describe(e);
            return new Problem(file, message.contains(file.toString()) ? message : file + ": " + message);
        } catch (RuntimeException e) {
            return new Problem(file, file + ": " + e);
        }
    }

    /** The problems as indented lines (the first {@value #SHOWN}, then how many more). */
    static String describe(List<ClipCheck.Problem> problems) {
        StringBuilder sb = new StringBuilder();
        problems.stream()
                .limit(SHOWN)
                .forEach(p -> sb.append(System.lineSeparator()).append("  ").append(p.message()));
        if (problems.size() > SHOWN) {
            sb.append(System.lineSeparator())
                    .append("  ... and ")
                    .append(problems.size() - SHOWN)
                    .append(" more");
        }
        return sb.toString();
    }
}
