package dev.cochlea.onnx;

import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Dropout;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MaxPool1d;
import dev.cochlea.nn.ReLU;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The converters of Cochlea's own layers, each the ONNX operator (opset 13) that computes it in evaluation mode. */
final class StandardConverters {
    private StandardConverters() {}

    static OnnxExporter register(OnnxExporter exporter) {
        return exporter.with(Conv1d.class, StandardConverters::conv1d)
                .with(BatchNorm1d.class, StandardConverters::batchNorm1d)
                .with(ReLU.class, (relu, layer) -> layer.node("Relu", List.of(layer.input())))
                .with(MaxPool1d.class, StandardConverters::maxPool1d)
                .with(Flatten.class, StandardConverters::flatten)
                .with(Linear.class, StandardConverters::linear)
                .with(Dropout.class, (dropout, layer) -> layer.input());
    }

    /** Conv (group 1): zero padding on both ends, as torch.nn.Conv1d. */
    static String conv1d(Conv1d conv, LayerContext layer) {
        List<String> inputs = new ArrayList<>(List.of(layer.input(), layer.initializer("weight", conv.weight())));
        if (conv.bias() != null) {
            inputs.add(layer.initializer("bias", conv.bias()));
        }
        return layer.node(
                "Conv",
                inputs,
                Attribute.ints("kernel_shape", conv.kernelSize()),
                Attribute.ints("strides", conv.stride()),
                Attribute.ints("pads", conv.padding(), conv.padding()),
                Attribute.ints("dilations", conv.dilation()),
                Attribute.of("group", 1L));
    }

    /**
     * With running statistics: BatchNormalization, y = (x - running_mean) / sqrt(running_var + eps) * weight + bias.
     * Without them (track_running_stats=False) evaluation normalises with the batch's own mean and biased variance over
     * the batch and length axes, written out as ReduceMean, Sub, Mul, Sqrt and Div.
     */
    static String batchNorm1d(BatchNorm1d bn, LayerContext layer) {
        int channels = bn.numFeatures();
        Tensor weight = bn.namedParameters().get("weight");
        Tensor bias = bn.namedParameters().get("bias");
        Tensor mean = bn.namedBuffers().get("running_mean");
        if (mean != null) {
            float[] ones = new float[channels];
            Arrays.fill(ones, 1f);
            String scale =
                    weight != null ? layer.initializer("weight", weight) : layer.initializer("weight", ones, channels);
            String shift = bias != null
                    ? layer.initializer("bias", bias)
                    : layer.initializer("bias", new float[channels], channels);
            return layer.node(
                    "BatchNormalization",
                    List.of(
                            layer.input(),
                            scale,
                            shift,
                            layer.initializer("running_mean", mean),
                            layer.initializer("running_var", bn.namedBuffers().get("running_var"))),
                    Attribute.of("epsilon", bn.eps()));
        }
        boolean hasLength = layer.inputShape().length == 3;
        Attribute axes = hasLength ? Attribute.ints("axes", 0, 2) : Attribute.ints("axes", 0);
        Attribute keepDims = Attribute.of("keepdims", 1L);
        String batchMean = layer.node("ReduceMean", List.of(layer.input()), axes, keepDims);
        String centred = layer.node("Sub", List.of(layer.input(), batchMean));
        String squares = layer.node("Mul", List.of(centred, centred));
        String variance = layer.node("ReduceMean", List.of(squares), axes, keepDims);
        String eps = layer.initializer("eps", new float[] {bn.eps()});
        String std = layer.node("Sqrt", List.of(layer.node("Add", List.of(variance, eps))));
        String normalised = layer.node("Div", List.of(centred, std));
        if (weight == null) {
            return normalised;
        }
        long[] perChannel = hasLength ? new long[] {channels, 1} : new long[] {channels};
        String scale = layer.initializer("weight", weight.toFloatArray(), perChannel);
        String shift = layer.initializer("bias", bias.toFloatArray(), perChannel);
        return layer.node("Add", List.of(layer.node("Mul", List.of(normalised, scale)), shift));
    }

    /** MaxPool: ONNX ignores padded positions, which is PyTorch's padding with -infinity. */
    static String maxPool1d(MaxPool1d pool, LayerContext layer) {
        return layer.node(
                "MaxPool",
                List.of(layer.input()),
                Attribute.ints("kernel_shape", pool.kernelSize()),
                Attribute.ints("strides", pool.stride()),
                Attribute.ints("pads", pool.padding(), pool.padding()));
    }

    /**
     * torch.flatten(x, start_dim) keeps the axes before start_dim: ONNX Flatten when that is the batch axis alone,
     * else Reshape to [0, ..., 0, -1] (0 copies an axis, so the batch axis stays dynamic).
     */
    static String flatten(Flatten flatten, LayerContext layer) {
        int rank = layer.inputShape().length;
        int start = Shape.axis(flatten.startDim(), rank);
        if (start == 1) {
            return layer.node("Flatten", List.of(layer.input()), Attribute.of("axis", 1L));
        }
        long[] shape = new long[start + 1];
        shape[start] = -1;
        return layer.node("Reshape", List.of(layer.input(), layer.int64Initializer("shape", shape, shape.length)));
    }

    /** Gemm with transB for [N, in] input, as PyTorch exports it; MatMul with the transposed weight for other ranks. */
    static String linear(Linear linear, LayerContext layer) {
        String weight = layer.initializer("weight", linear.weight());
        String bias = linear.bias() == null ? null : layer.initializer("bias", linear.bias());
        if (layer.inputShape().length == 2) {
            List<String> inputs = bias == null ? List.of(layer.input(), weight) : List.of(layer.input(), weight, bias);
            return layer.node("Gemm", inputs, Attribute.of("transB", 1L));
        }
        String transposed = layer.node("Transpose", List.of(weight), Attribute.ints("perm", 1, 0));
        String product = layer.node("MatMul", List.of(layer.input(), transposed));
        return bias == null ? product : layer.node("Add", List.of(product, bias));
    }
}
