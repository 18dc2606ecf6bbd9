package dev.cochlea.examples.speech;

import dev.cochlea.Tensor;
import dev.cochlea.data.ExampleTransform;
import dev.cochlea.io.CheckpointException;
import dev.cochlea.io.Checkpoints;
import dev.cochlea.kernels.Backends;
import dev.cochlea.nn.Sequential;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a trained model needs to be rebuilt and fed: its kind, number of classes, sample rate, input length in
 * samples and (for the mel model) mel bands.
 */
public record ModelSpec(ModelKind kind, int classes, int sampleRate, int inputLength, int nMels) {
    public ModelSpec {
        if (kind == ModelKind.SEED && inputLength != SpeechNets.SEED_INPUT_LENGTH) {
            throw new IllegalArgumentException("the seed network takes exactly " + SpeechNets.SEED_INPUT_LENGTH
                    + " samples (its Linear layer expects 1536 features), got --input-length " + inputLength);
        }
        if (classes < 1 || sampleRate < 1 || inputLength < 1) {
            throw new IllegalArgumentException("classes, sample rate and input length must be >= 1");
        }
    }

    public static ModelSpec of(ModelKind kind, int classes, int inputLength) {
        return new ModelSpec(kind, classes, SpeechNets.SAMPLE_RATE, inputLength, SpeechNets.MEL_BANDS);
    }

    public Sequential build() {
        return kind == ModelKind.SEED ? SpeechNets.seed(classes) : SpeechNets.mel(classes, nMels);
    }

    /** The per-example features the model reads: the waveform itself, or log-mel bands. */
    public ExampleTransform features() {
        return kind == ModelKind.SEED ? ExampleTransform.identity() : new LogMelFeatures(sampleRate, nMels);
    }

    /**
     * The spec of a checkpoint, from its tensors alone (so a PyTorch checkpoint with the same names works): the mel
     * model starts with a BatchNorm1d ("0.running_mean", its length the mel bands), the seed network with a Conv1d
     * ("0.weight" [32, 1, 100]); the classes are the rows of the last Linear layer.
     */
    public static ModelSpec fromCheckpoint(Path checkpoint, Integer inputLength) throws CheckpointException {
        Map<String, Tensor> state = Checkpoints.readStateDict(checkpoint, Backends.best());
        Tensor first = state.get("0.weight");
        if (first == null) {
            throw new CheckpointException(checkpoint + " is not a speech model checkpoint: it has no '0.weight'");
        }
        int lastLayer = -1;
        for (String name : state.keySet()) {
            int dot = name.indexOf('.');
            if (dot <= 0 || !name.substring(0, dot).chars().allMatch(Character::isDigit) || dot > 9) {
                throw new CheckpointException(checkpoint + " is not a speech model checkpoint: tensor '" + name
                        + "' is not named '<layer index>.<parameter>' as a Sequential's state dict is");
            }
            if (name.endsWith(".weight") && state.get(name).rank() == 2) {
                lastLayer = Math.max(lastLayer, Integer.parseInt(name.substring(0, dot)));
            }
        }
        if (lastLayer < 0) {
            throw new CheckpointException(checkpoint + " has no Linear layer (a 2-D '<index>.weight')");
        }
        int classes = state.get(lastLayer + ".weight").dim(0);
        if (state.containsKey("0.running_mean")) {
            int length = inputLength != null ? inputLength : SpeechNets.SEED_INPUT_LENGTH;
            return new ModelSpec(ModelKind.MEL, classes, SpeechNets.SAMPLE_RATE, length, first.dim(0));
        }
        return of(ModelKind.SEED, classes, SpeechNets.SEED_INPUT_LENGTH);
    }
}
