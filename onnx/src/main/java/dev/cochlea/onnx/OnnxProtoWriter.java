package dev.cochlea.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Serialises an {@link OnnxGraph} as an ONNX ModelProto. The only class that knows the wire format: each field number
 * below is the one in onnx/onnx.proto (proto2; repeated scalars unpacked except where the schema says packed), and
 * protobuf-java's CodedOutputStream does the encoding.
 */
final class OnnxProtoWriter {
    /** IR version 7 is the one that introduced opset 13 (ONNX 1.8). */
    static final long IR_VERSION = 7;

    /** One value of the graph's interface: a float tensor whose axes are sizes, or names for dynamic axes. */
    record ValueInfo(String name, List<Object> dims) {}

    private OnnxProtoWriter() {}

    static byte[] model(
            OnnxGraph graph,
            ValueInfo input,
            ValueInfo output,
            int opset,
            String producerVersion,
            Map<String, String> metadata) {
        Message model = new Message()
                .int64(1, IR_VERSION) // ModelProto.ir_version
                .string(2, "cochlea") // producer_name
                .string(3, producerVersion) // producer_version
                .message(7, graph(graph, input, output)) // graph
                .message(8, new Message().string(1, "").int64(2, opset)); // opset_import: domain "" (ai.onnx), version
        metadata.forEach(
                (key, value) -> model.message(14, new Message().string(1, key).string(2, value)));
        return model.toByteArray();
    }

    private static Message graph(OnnxGraph graph, ValueInfo input, ValueInfo output) {
        Message g = new Message();
        for (OnnxGraph.Node node : graph.nodes()) {
            g.message(1, node(node)); // GraphProto.node
        }
        g.string(2, "cochlea"); // name
        for (OnnxGraph.Initializer init : graph.initializers()) {
            g.message(5, tensor(init)); // initializer
        }
        g.message(11, valueInfo(input)); // input
        g.message(12, valueInfo(output)); // output
        return g;
    }

    private static Message node(OnnxGraph.Node node) {
        Message n = new Message();
        node.inputs().forEach(i -> n.string(1, i)); // NodeProto.input
        node.outputs().forEach(o -> n.string(2, o)); // output
        n.string(3, node.name()).string(4, node.opType()); // name, op_type
        for (Attribute a : node.attributes()) {
            n.message(5, attribute(a)); // attribute
        }
        return n;
    }

    private static Message attribute(Attribute a) {
        Message m = new Message().string(1, a.name()); // AttributeProto.name
        switch (a.kind()) {
            case FLOAT -> m.float32(2, a.floatValue()); // f
            case INT -> m.int64(3, a.intValue()); // i
            case INTS -> {
                for (long v : a.ints()) {
                    m.int64(8, v); // ints
                }
            }
            default -> throw new IllegalStateException("unhandled attribute kind " + a.kind());
        }
        return m.int32(20, a.kind().protoType); // type
    }

    private static Message tensor(OnnxGraph.Initializer init) {
        Message t = new Message();
        for (long d : init.dims()) {
            t.int64(1, d); // TensorProto.dims
        }
        return t.int32(2, init.dataType()) // data_type
                .string(8, init.name()) // name
                .bytes(9, init.raw()); // raw_data
    }

    private static Message valueInfo(ValueInfo info) {
        Message shape = new Message();
        for (Object dim : info.dims()) {
            Message d = new Message();
            if (dim instanceof String param) {
                d.string(2, param); // Dimension.dim_param
            } else {
                d.int64(1, ((Number) dim).longValue()); // Dimension.dim_value
            }
            shape.message(1, d); // TensorShapeProto.dim
        }
        Message tensorType = new Message().int32(1, OnnxGraph.FLOAT); // TypeProto.Tensor.elem_type
        if (info.dims() != null) {
            tensorType.message(2, shape); // TypeProto.Tensor.shape
        }
        return new Message()
                .string(1, info.name()) // ValueInfoProto.name
                .message(2, new Message().message(1, tensorType)); // type: TypeProto.tensor_type
    }

    /** A message under construction; nested messages are encoded first and written as length-delimited bytes. */
    private static final class Message {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        Message string(int field, String value) {
            return write(() -> out.writeString(field, value));
        }

        Message int64(int field, long value) {
            return write(() -> out.writeInt64(field, value));
        }

        Message int32(int field, int value) {
            return write(() -> out.writeInt32(field, value));
        }

        Message float32(int field, float value) {
            return write(() -> out.writeFloat(field, value));
        }

        Message bytes(int field, byte[] value) {
            return write(() -> out.writeByteArray(field, value));
        }

        Message message(int field, Message value) {
            return bytes(field, value.toByteArray());
        }

        byte[] toByteArray() {
            write(out::flush);
            return bytes.toByteArray();
        }

        private Message write(IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException("encoding the ONNX model", e); // a byte array does not fail
            }
            return this;
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
