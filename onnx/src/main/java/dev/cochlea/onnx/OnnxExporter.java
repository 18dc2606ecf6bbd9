package dev.cochlea.onnx;

import dev.cochlea.Autograd;
import dev.cochlea.MemoryScope;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.Sequential;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports a model's evaluation-mode computation as an ONNX model (opset {@value #OPSET}). The export traces the model
 * once on zeros of the example shape, layer by layer (Sequential containers are walked, their children converted),
 * so every layer sees its real input shape; the first axis of the example shape is the batch axis and is dynamic in
 * the file ({@code "batch"}). Weights keep their state-dict names ({@code 0.weight}, {@code 1.running_mean}, ...).
 * Immutable: {@link #with} returns a new exporter.
 */
public final class OnnxExporter {
    /** The ONNX operator set the standard converters target. */
    public static final int OPSET = 13;
    /** The name of the graph's input and output values. */
    public static final String INPUT = "input";

    public static final String OUTPUT = "output";
    /** Protobuf messages stop at 2 GiB; leave room for the graph around the weights. */
    private static final long MAX_WEIGHT_BYTES = Integer.MAX_VALUE - (64L << 20);

    private final Map<Class<?>, LayerConverter<?>> converters;
    private final Map<String, String> metadata;

    private OnnxExporter(Map<Class<?>, LayerConverter<?>> converters, Map<String, String> metadata) {
        this.converters = Map.copyOf(converters);
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** An exporter for Cochlea's layers: Conv1d, BatchNorm1d, ReLU, MaxPool1d, Flatten, Linear, Dropout, Sequential. */
    public static OnnxExporter standard() {
        return StandardConverters.register(new OnnxExporter(Map.of(), Map.of()));
    }

    /**
     * This exporter plus a converter for modules of exactly class {@code type} (a subclass of a supported layer may
     * compute something else, so it needs its own).
     */
    public <M extends Module> OnnxExporter with(Class<M> type, LayerConverter<? super M> converter) {
        Map<Class<?>, LayerConverter<?>> more = new HashMap<>(converters);
        more.put(type, converter);
        return new OnnxExporter(more, metadata);
    }

    /** This exporter plus a ModelProto.metadata_props entry (labels, sample rate ...), which runtimes can read back. */
    public OnnxExporter withMetadata(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(metadata);
        more.put(key, value);
        return new OnnxExporter(converters, more);
    }

    /**
     * Writes {@code model} to {@code path} atomically (a temporary file beside it, flushed to disk, then renamed), so
     * a failed export leaves any earlier file untouched.
     *
     * @param exampleShape the input's shape including the batch axis, e.g. {@code {1, 1, 32000}}
     * @throws UnsupportedModuleException naming the first module that has no converter
     */
    public void export(Module model, int[] exampleShape, Path path) throws IOException {
        byte[] bytes = toBytes(model, exampleShape);
        writeAtomically(path, bytes);
    }

    /** The serialised ModelProto that {@link #export} writes. */
    public byte[] toBytes(Module model, int[] exampleShape) {
        if (exampleShape.length == 0 || Arrays.stream(exampleShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("ONNX export: the example shape must have a batch axis and positive "
                    + "sizes, got " + Shape.str(exampleShape));
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        try (MemoryScope ignored = MemoryScope.open();
                Autograd.NoGrad ignored2 = Autograd.noGrad()) {
            Trace trace = new Trace(Tensor.zeros(backendOf(model), exampleShape));
            trace.visit(model, "");
            return trace.finish(exampleShape);
        } finally {
            model.train(wasTraining);
        }
    }

    private static Backend backendOf(Module model) {
        List<Tensor> parameters = model.parameters();
        return parameters.isEmpty() ? Backends.best() : parameters.get(0).backend();
    }

    /** One export in progress: the graph so far, the value holding the current activation, and its example. */
    private final class Trace {
        private final OnnxGraph graph = new OnnxGraph();
        private String value = graph.unique(INPUT);
        private Tensor example;

        Trace(Tensor input) {
            this.example = input;
        }

        void visit(Module module, String path) {
            LayerConverter<?> converter = converters.get(module.getClass());
            if (converter == null && module.getClass() == Sequential.class) {
                module.children().forEach((name, child) -> visit(child, path.isEmpty() ? name : path + "." + name));
                return;
            }
            if (converter == null) {
                throw new UnsupportedModuleException("ONNX export: no converter for module '"
                        + (path.isEmpty() ? "(root)" : path) + "' " + module + " ("
                        + module.getClass().getName()
                        + "); supported: " + supported() + "; add one with OnnxExporter.with");
            }
            Tensor out = module.forward(example);
            value = convert(converter, module, new LayerContext(graph, path, value, example.shape(), out.shape()));
            example = out;
        }

        @SuppressWarnings("unchecked")
        private <M extends Module> String convert(LayerConverter<M> converter, Module module, LayerContext layer) {
            return converter.convert((M) module, layer);
        }

        byte[] finish(int[] exampleShape) {
            long weightBytes =
                    graph.initializers().stream().mapToLong(i -> i.raw().length).sum();
            if (weightBytes > MAX_WEIGHT_BYTES) {
                throw new IllegalArgumentException("ONNX export: the weights take " + weightBytes + " bytes, but "
                        + "one ONNX file holds less than 2 GB (protobuf's limit); external weights are not written");
            }
            if (graph.produces(value)) {
                graph.rename(value, OUTPUT);
            } else {
                // the model is the identity in evaluation (e.g. only Dropout): the output still needs a node
                graph.addNode("/Identity", "Identity", List.of(value), List.of(OUTPUT), List.of());
            }
            List<Object> inputDims = dims(exampleShape, true);
            boolean keepsBatch = example.rank() >= 1 && example.dim(0) == exampleShape[0];
            List<Object> outputDims = keepsBatch ? dims(example.shape(), true) : dims(example.shape(), false);
            String version = OnnxExporter.class.getPackage().getImplementationVersion();
            return OnnxProtoWriter.model(
                    graph,
                    new OnnxProtoWriter.ValueInfo(INPUT, inputDims),
                    new OnnxProtoWriter.ValueInfo(OUTPUT, outputDims),
                    OPSET,
                    version == null ? "dev" : version,
                    metadata);
        }
    }

    private static List<Object> dims(int[] shape, boolean dynamicBatch) {
        List<Object> dims = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            dims.add(i == 0 && dynamicBatch ? "batch" : (Object) (long) shape[i]);
        }
        return dims;
    }

    private String supported() {
        List<String> names = new ArrayList<>(
                converters.keySet().stream().map(Class::getSimpleName).sorted().toList());
        names.add("Sequential");
        return String.join(", ", names);
    }

    /**
     * The bytes go to a new file beside the target (created with the process's umask, unlike
     * Files.createTempFile's owner-only mode), are flushed to disk, then renamed over the target.
     */
    private static void writeAtomically(Path path, byte[] bytes) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
