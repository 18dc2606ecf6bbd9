package dev.cochlea.examples.speech;

import com.google.gson.Gson;
import dev.cochlea.Shape;
import dev.cochlea.io.Checkpoints;
import dev.cochlea.kernels.Backends;
import dev.cochlea.nn.Sequential;
import dev.cochlea.onnx.OnnxExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code export}: a checkpoint's model as an ONNX file for ONNX Runtime and other engines. The model is rebuilt as
 * {@code predict} rebuilds it (kind and classes from the checkpoint's tensors, input length from the run.json beside
 * it); the file computes the logits, and its metadata says which features it expects.
 */
@Command(name = "export", description = "Write a checkpoint's model as an ONNX file (opset 13, dynamic batch axis).")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    CheckpointOption source;

    @Mixin
    InputLengthOption inputLength;

    @Option(
            names = "--model",
            paramLabel = "seed|mel",
            description = "The model the checkpoint holds (default: recognised from its tensors; if given, it is "
                    + "checked against them).")
    ModelKind model;

    @Option(names = "--onnx", required = true, paramLabel = "OUT.onnx", description = "The ONNX file to write.")
    Path onnx;

    @Option(
            names = "--labels",
            paramLabel = "LABELS.txt",
            description = "Labels stored in the file's metadata (default: the checkpoint's own, else labels.txt "
                    + "beside it, if any); as for predict, they must agree with the checkpoint's own.")
    Path labelsFile;

    @Override
    public Integer call() throws IOException {
        Path checkpoint = source.checkpoint;
        if (!Files.isRegularFile(checkpoint)) {
            throw new CliException(checkpoint + ": checkpoint not found");
        }
        RunInfo info = RunInfo.readIfPresent(checkpoint.toAbsolutePath().getParent());
        ModelSpec spec = ModelSpec.fromCheckpoint(
                checkpoint,
                inputLength.value() != null
                        ? inputLength.value()
                        : info != null ? Integer.valueOf(info.inputLength) : null);
        if (model != null && model != spec.kind()) {
            throw new CliException(checkpoint + " holds a " + name(spec.kind()) + " model, not " + name(model));
        }
        Sequential net = spec.build();
        net.to(Backends.best());
        Checkpoints.load(net, checkpoint);
        int[] shape = SpeechOnnx.exampleShape(spec);
        OnnxExporter exporter = SpeechOnnx.exporter()
                .withMetadata("cochlea.model", name(spec.kind()))
                .withMetadata("cochlea.sample_rate", Integer.toString(spec.sampleRate()))
                .withMetadata("cochlea.input_length", Integer.toString(spec.inputLength()))
                .withMetadata("cochlea.features", features(spec));
        List<String> names = labels();
        if (names != null) {
            if (names.size() != spec.classes()) {
                throw new CliException(checkpoint + " has " + spec.classes() + " classes but "
                        + (labelsFile != null ? labelsFile : "its labels") + " list " + names.size() + " labels");
            }
            exporter = exporter.withMetadata("labels", new Gson().toJson(names));
        }
        exporter.export(net, shape, onnx);
        shape[0] = -1;
        System.out.printf(
                Locale.ROOT,
                "wrote %s (%,d bytes): %s model, %d classes, ONNX opset %d; input '%s' %s "
                        + "(%s), output '%s' [batch, %d] logits%n",
                onnx,
                Files.size(onnx),
                name(spec.kind()),
                spec.classes(),
                OnnxExporter.OPSET,
                OnnxExporter.INPUT,
                Shape.str(shape).replace("-1", "batch"),
                features(spec),
                OnnxExporter.OUTPUT,
                spec.classes());
        return 0;
    }

    /**
     * The labels by {@code predict}'s rule (the checkpoint's own; --labels only where it has none, and then they must
     * agree), else labels.txt beside a checkpoint without any, else none.
     */
    private List<String> labels() throws IOException {
        Path checkpoint = source.checkpoint;
        List<String> own = CheckpointMetadata.labels(Checkpoints.readMetadata(checkpoint), checkpoint);
        if (own != null || labelsFile != null) {
            return LoadedModel.labels(checkpoint, own, labelsFile);
        }
        Path beside = checkpoint.toAbsolutePath().resolveSibling("labels.txt");
        return Files.isRegularFile(beside) ? Labels.read(beside) : null;
    }

    private static String features(ModelSpec spec) {
        return spec.kind() == ModelKind.SEED
                ? "raw waveform, " + spec.sampleRate() + " Hz mono, " + spec.inputLength() + " samples"
                : spec.nMels() + " log-mel bands in dB below the clip's peak, n_fft " + SpeechNets.MEL_N_FFT
                        + ", hop " + SpeechNets.MEL_HOP + ", from " + spec.inputLength() + " samples at "
                        + spec.sampleRate() + " Hz";
    }

    private static String name(ModelKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
