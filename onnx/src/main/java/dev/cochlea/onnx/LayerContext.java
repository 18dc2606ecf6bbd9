package dev.cochlea.onnx;

import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.DType;
import java.util.Arrays;
import java.util.List;

/**
 * What a {@link LayerConverter} sees of the export in progress: the layer's path in the model (its state-dict
 * prefix, e.g. {@code "3"} or {@code "0.1"}), the name and example shape of its input, the example shape of its
 * output, and methods that append nodes and weights to the graph. Example shapes include the batch axis at the size
 * the export was traced with.
 */
public final class LayerContext {
    private final OnnxGraph graph;
    private final String path;
    private final String input;
    private final int[] inputShape;
    private final int[] outputShape;

    LayerContext(OnnxGraph graph, String path, String input, int[] inputShape, int[] outputShape) {
        this.graph = graph;
        this.path = path;
        this.input = input;
        this.inputShape = inputShape.clone();
        this.outputShape = outputShape.clone();
    }

    public String path() {
        return path;
    }

    /** The name of the value this layer reads. */
    public String input() {
        return input;
    }

    public int[] inputShape() {
        return inputShape.clone();
    }

    public int[] outputShape() {
        return outputShape.clone();
    }

    /**
     * Appends a node with one output and returns the output's name. Nodes are named as PyTorch's exporter names them,
     * {@code /3/Conv}, and their outputs {@code /3/Conv_output_0}.
     */
    public String node(String opType, List<String> inputs, Attribute... attributes) {
        String nodeName = graph.unique((path.isEmpty() ? "" : "/" + path.replace('.', '/')) + "/" + opType);
        String output = graph.unique(nodeName + "_output_0");
        graph.addNode(nodeName, opType, inputs, List.of(output), List.of(attributes));
        return output;
    }

    /** Adds a float tensor as a weight named {@code <path>.<name>} (the state-dict name) and returns that name. */
    public String initializer(String name, Tensor tensor) {
        if (tensor.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("ONNX export: " + qualified(name) + " is " + tensor.dtype()
                    + ", only FLOAT32 weights are exported");
        }
        return initializer(name, tensor.toFloatArray(), toLongs(tensor.shape()));
    }

    /** Adds float constants of shape {@code dims} named {@code <path>.<name>} and returns that name. */
    public String initializer(String name, float[] values, long... dims) {
        checkSize(name, values.length, dims);
        return graph.addFloats(qualified(name), values, dims);
    }

    /** Adds int64 constants (shapes, axes) of shape {@code dims} named {@code <path>.<name>}. */
    public String int64Initializer(String name, long[] values, long... dims) {
        checkSize(name, values.length, dims);
        return graph.addInt64s(qualified(name), values, dims);
    }

    private String qualified(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private void checkSize(String name, int length, long[] dims) {
        long size = 1;
        for (long d : dims) {
            size *= d;
        }
        if (size != length) {
            throw new IllegalArgumentException(
                    "ONNX export: " + qualified(name) + " has " + length + " values but dims " + Arrays.toString(dims));
        }
    }

    static long[] toLongs(int[] shape) {
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        return dims;
    }

    @Override
    public String toString() {
        return "layer '" + path + "' " + Shape.str(inputShape) + " -> " + Shape.str(outputShape);
    }
}
