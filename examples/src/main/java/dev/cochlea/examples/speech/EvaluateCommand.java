package dev.cochlea.examples.speech;

import dev.cochlea.data.ClipDataset;
import dev.cochlea.data.ClipPreparer;
import dev.cochlea.data.DataLoader;
import dev.cochlea.data.DatasetSplits;
import dev.cochlea.data.LabelledClip;
import dev.cochlea.kernels.Backend;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate}: accuracy and confusion matrix of a checkpoint on a dataset split. */
@Command(name = "evaluate", description = "Accuracy and confusion matrix of a checkpoint on a split of a dataset.")
public final class EvaluateCommand implements Callable<Integer> {
    /** Which split to evaluate. */
    public enum Split {
        TEST,
        VALID,
        TRAIN
    }

    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

    @Option(
            names = "--on",
            defaultValue = "test",
            description = "Split to evaluate: test, valid or train " + "(default: ${DEFAULT-VALUE}).")
    Split on;

    @Mixin
    LoaderOptions loaderOptions;

    @Option(names = "--confusion", paramLabel = "PNG", description = "Also draw the confusion matrix to this file.")
    Path confusionPng;

    @Option(
            names = "--skip-bad",
            description = "Leave out clips that cannot be read (they are listed) instead of " + "refusing to evaluate.")
    boolean skipBad;

    @Mixin
    BackendOption backendOption;

    @Override
    public Integer call() throws Exception {
        Backend backend = backendOption.apply();
        LoadedModel loaded = model.load(backend);
        DatasetSplits splits = data.read();
        List<LabelledClip> clips = switch (on) {
            case TEST -> splits.test();
            case VALID -> splits.valid();
            case TRAIN -> splits.train();
        };
        if (clips.isEmpty()) {
            throw new CliException(splits.name() + " has no " + on.name().toLowerCase(Locale.ROOT) + " clips");
        }
        List<String> labels = loaded.labels();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        for (LabelledClip clip : clips) {
            if (!index.containsKey(clip.label())) {
                throw new CliException(clip.file() + ": label '" + clip.label() + "' is not among the labels of "
                        + model.checkpoint());
            }
        }
        ModelSpec spec = loaded.spec();
        ClipPreparer preparer = new ClipPreparer(spec.sampleRate(), spec.inputLength());
        clips = usable(clips, preparer);
        EvalResult result;
        try (DataLoader loader = DataLoader.builder(new ClipDataset(clips, index, preparer))
                .batchSize(loaderOptions.batchSize)
                .workers(loaderOptions.threads)
                .transform(spec.features())
                .backend(backend)
                .build()) {
            result = Evaluator.evaluate(loaded.model(), loader, labels.size(), 0);
        }
        System.out.printf(
                Locale.ROOT,
                "%s split of %s: accuracy %.2f%% (%d clips), loss %.4f%n",
                on.name().toLowerCase(Locale.ROOT),
                data.data,
                100 * result.accuracy(),
                result.count(),
                result.loss());
        System.out.print(ConfusionText.format(result.confusion(), labels));
        if (confusionPng != null) {
            Charts.writeConfusion(
                    confusionPng,
                    result.confusion(),
                    labels,
                    "Confusion matrix, " + on.name().toLowerCase(Locale.ROOT) + " split");
            System.out.println("confusion matrix chart: " + confusionPng);
        }
        return 0;
    }

    /** The clips that can be read; a bad one refuses the evaluation (naming all of them) unless --skip-bad. */
    private List<LabelledClip> usable(List<LabelledClip> clips, ClipPreparer preparer) throws InterruptedException {
        List<ClipCheck.Problem> problems =
                ClipCheck.leaveOut(clips, preparer, loaderOptions.threads, skipBad, "evaluate", System.out);
        List<LabelledClip> kept = ClipCheck.without(clips, problems);
        if (kept.isEmpty()) {
            throw new CliException("--skip-bad leaves no clips to evaluate");
        }
        return kept;
    }
}
