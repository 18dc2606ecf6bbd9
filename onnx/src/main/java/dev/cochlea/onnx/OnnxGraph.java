package dev.cochlea.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The graph being exported: nodes in topological order, initializers (the weights), and the names in use, so each
 * value gets a unique name. {@link OnnxProtoWriter} turns it into bytes.
 */
final class OnnxGraph {
    /** TensorProto.DataType values. */
    static final int FLOAT = 1;

    static final int INT64 = 7;

    record Node(String name, String opType, List<String> inputs, List<String> outputs, List<Attribute> attributes) {}

    /** A constant tensor; {@code raw} holds its elements little-endian, as TensorProto.raw_data requires. */
    record Initializer(String name, int dataType, long[] dims, byte[] raw) {}

    private final List<Node> nodes = new ArrayList<>();
    private final List<Initializer> initializers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** {@code wanted}, or {@code wanted_1}, {@code wanted_2}, ... if it is taken; the name is then reserved. */
    String unique(String wanted) {
        String name = wanted;
        for (int i = 1; !names.add(name); i++) {
            name = wanted + "_" + i;
        }
        return name;
    }

    void addNode(String name, String opType, List<String> inputs, List<String> outputs, List<Attribute> attributes) {
        nodes.add(new Node(name, opType, List.copyOf(inputs), List.copyOf(outputs), List.copyOf(attributes)));
    }

    String addFloats(String wanted, float[] values, long[] dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return addInitializer(wanted, FLOAT, dims, raw.array());
    }

    String addInt64s(String wanted, long[] values, long[] dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return addInitializer(wanted, INT64, dims, raw.array());
    }

    private String addInitializer(String wanted, int dataType, long[] dims, byte[] raw) {
        String name = unique(wanted);
        initializers.add(new Initializer(name, dataType, dims.clone(), raw));
        return name;
    }

    /** Renames a value everywhere it occurs (used to give the graph's output a stable name). */
    void rename(String from, String to) {
        names.remove(from);
        names.add(to);
        nodes.replaceAll(n -> new Node(
                n.name(), n.opType(), replace(n.inputs(), from, to), replace(n.outputs(), from, to), n.attributes()));
    }

    private static List<String> replace(List<String> values, String from, String to) {
        return values.stream().map(v -> v.equals(from) ? to : v).toList();
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    List<Initializer> initializers() {
        return List.copyOf(initializers);
    }

    boolean produces(String value) {
        return nodes.stream().anyMatch(n -> n.outputs().contains(value));
    }
}
