package dev.cochlea;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.ops.Elementwise;
import dev.cochlea.ops.LayoutOps;
import dev.cochlea.ops.MatrixOps;
import dev.cochlea.ops.Reductions;
import dev.cochlea.ops.SoftmaxOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * An n-dimensional array of float32 (or int32, for labels and indices) living on one {@link Backend}, with
 * reverse-mode automatic differentiation. Storage is contiguous and row-major; data moves between the host and the
 * device only through {@link #of}, {@link #toFloatArray()} and {@link #to(Backend)}.
 *
 * <p>Names and semantics follow PyTorch: {@code requiresGrad}, {@code grad()}, {@code backward()}, broadcasting
 * arithmetic, {@code matmul}, {@code sum}/{@code mean}, {@code logSoftmax}, {@code argmax}, {@code reshape}/{@code view}.
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final DType dtype;
    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private List<Consumer<Tensor>> postAccumulateGradHooks; // null until one is registered: most tensors have none

    private Tensor(Storage storage, int[] shape, DType dtype) {
        this.storage = storage;
        this.shape = shape;
        this.dtype = dtype;
    }

    // ---- creation -----------------------------------------------------------------------------------------------

    /** An uninitialised float32 tensor on {@code backend} (for ops and kernels that overwrite their output). */
    public static Tensor empty(Backend backend, int... shape) {
        return empty(backend, DType.FLOAT32, shape);
    }

    public static Tensor empty(Backend backend, DType dtype, int... shape) {
        int[] s = Shape.checkDims(shape);
        return new Tensor(new Storage(backend.allocate(dtype, Shape.size(s))), s, dtype);
    }

    public static Tensor of(float[] data, int... shape) {
        return of(Backends.best(), data, shape);
    }

    /** Copies {@code data} to a new tensor of the given shape on {@code backend}. */
    public static Tensor of(Backend backend, float[] data, int... shape) {
        if (Shape.size(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Shape.str(shape) + " holds " + Shape.size(shape)
                    + " elements but " + data.length + " values were given");
        }
        Tensor t = empty(backend, shape);
        backend.upload(data, 0, t.buffer(), 0, data.length);
        return t;
    }

    /** A 1-D int32 tensor of class labels (targets of the losses). */
    public static Tensor labels(int... labels) {
        return labels(Backends.best(), labels);
    }

    public static Tensor labels(Backend backend, int... labels) {
        return ofInts(backend, labels, labels.length);
    }

    public static Tensor ofInts(Backend backend, int[] data, int... shape) {
        if (Shape.size(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Shape.str(shape) + " holds " + Shape.size(shape)
                    + " elements but " + data.length + " values were given");
        }
        Tensor t = empty(backend, DType.INT32, shape);
        backend.upload(data, 0, t.buffer(), 0, data.length);
        return t;
    }

    public static Tensor scalar(float value) {
        return full(Backends.best(), value);
    }

    public static Tensor full(Backend backend, float value, int... shape) {
        Tensor t = empty(backend, shape);
        backend.kernels().fill(t.buffer(), t.size(), value);
        return t;
    }

    public static Tensor zeros(int... shape) {
        return full(Backends.best(), 0f, shape);
    }

    public static Tensor zeros(Backend backend, int... shape) {
        return full(backend, 0f, shape);
    }

    public static Tensor ones(int... shape) {
        return full(Backends.best(), 1f, shape);
    }

    public static Tensor ones(Backend backend, int... shape) {
        return full(backend, 1f, shape);
    }

    /** Uniform in [0, 1), like torch.rand. */
    public static Tensor rand(Generator gen, int... shape) {
        return uniform(Backends.best(), gen, 0f, 1f, shape);
    }

    /** Standard normal, like torch.randn. */
    public static Tensor randn(Generator gen, int... shape) {
        return normal(Backends.best(), gen, 0f, 1f, shape);
    }

    public static Tensor uniform(Backend backend, Generator gen, float low, float high, int... shape) {
        float[] v = new float[(int) Shape.size(Shape.checkDims(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = gen.uniform(low, high);
        }
        return of(backend, v, shape);
    }

    public static Tensor normal(Backend backend, Generator gen, float mean, float std, int... shape) {
        float[] v = new float[(int) Shape.size(Shape.checkDims(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = gen.normal(mean, std);
        }
        return of(backend, v, shape);
    }

    // ---- identity -----------------------------------------------------------------------------------------------

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[Shape.axis(axis, shape.length)];
    }

    public int rank() {
        return shape.length;
    }

    public long size() {
        return Shape.size(shape);
    }

    public DType dtype() {
        return dtype;
    }

    public Backend backend() {
        return storage.buffer.backend();
    }

    /** The device buffer holding this tensor's elements (for ops and kernels; see "Adding an op" in the README). */
    public DeviceBuffer buffer() {
        return storage.buffer;
    }

    Kernels kernels() {
        return backend().kernels();
    }

    // ---- autograd -----------------------------------------------------------------------------------------------

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as a parameter-like input whose gradient {@link #backward()} accumulates. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException(
                    "requiresGrad(false) on a tensor computed by " + gradFn.name() + ": call detach() instead");
        }
        if (value && dtype != DType.FLOAT32) {
            throw new IllegalArgumentException("only float32 tensors can require gradients, this one is " + dtype);
        }
        this.requiresGrad = value;
        return this;
    }

    /** The accumulated gradient of a leaf, or null before the first backward pass. */
    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor grad) {
        if (grad != null && !Arrays.equals(grad.shape, shape)) {
            throw new IllegalArgumentException(
                    "gradient shape " + Shape.str(grad.shape) + " does not match tensor shape " + Shape.str(shape));
        }
        this.grad = grad;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /**
     * torch.Tensor.register_post_accumulate_grad_hook: each backward pass through this leaf calls {@code hook} with
     * this tensor once its last gradient contribution of the pass is in {@link #grad()} (also when none arrived), on
     * the thread that runs backward. Data-parallel training starts a gradient's all-reduce there while backward goes
     * on. Hooks run in registration order; {@link HookHandle#remove()} takes one off.
     */
    public HookHandle registerPostAccumulateGradHook(Consumer<Tensor> hook) {
        if (!isLeaf()) {
            throw new IllegalStateException(
                    "post-accumulate-grad hooks are for leaves; this tensor was computed by " + gradFn.name());
        }
        Consumer<Tensor> registered = hook::accept; // a distinct object, so removing it removes this registration
        if (postAccumulateGradHooks == null) {
            postAccumulateGradHooks = new ArrayList<>(1);
        }
        postAccumulateGradHooks.add(registered);
        return () -> postAccumulateGradHooks.remove(registered);
    }

    /** Removes a hook it was returned for. */
    public interface HookHandle {
        void remove();
    }

    boolean hasPostAccumulateGradHooks() {
        return postAccumulateGradHooks != null && !postAccumulateGradHooks.isEmpty();
    }

    void runPostAccumulateGradHooks() {
        if (postAccumulateGradHooks == null) {
            return;
        }
        for (Consumer<Tensor> hook : List.copyOf(postAccumulateGradHooks)) {
            hook.accept(this);
        }
    }

    /** The op that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    void setGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    /** Back-propagates from this scalar (d this / d this = 1), accumulating into the leaves' {@link #grad()}. */
    public void backward() {
        if (size() != 1) {
            throw new IllegalStateException("backward() without a gradient needs a scalar, this tensor has shape "
                    + Shape.str(shape) + ": pass backward(gradient) or reduce it first (sum, mean)");
        }
        backward(Autograd.noGrad(() -> full(backend(), 1f, shape)));
    }

    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient);
    }

    /** The same values, cut from the graph (shares storage). */
    public Tensor detach() {
        return new Tensor(storage, shape, dtype);
    }

    // ---- data movement ------------------------------------------------------------------------------------------

    public float[] toFloatArray() {
        requireDType(DType.FLOAT32, "toFloatArray");
        float[] out = new float[(int) size()];
        backend().download(buffer(), 0, out, 0, out.length);
        return out;
    }

    public int[] toIntArray() {
        requireDType(DType.INT32, "toIntArray");
        int[] out = new int[(int) size()];
        backend().download(buffer(), 0, out, 0, out.length);
        return out;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (size() != 1) {
            throw new IllegalStateException(
                    "item() needs a one-element tensor, this one has shape " + Shape.str(shape));
        }
        return dtype == DType.INT32 ? toIntArray()[0] : toFloatArray()[0];
    }

    /** A copy on {@code target} (this tensor itself if it already lives there). The copy is a new leaf. */
    public Tensor to(Backend target) {
        if (target == backend()) {
            return this;
        }
        return dtype == DType.INT32 ? ofInts(target, toIntArray(), shape) : of(target, toFloatArray(), shape);
    }

    /** Copies values from {@code source} (same shape, any backend) into this tensor in place, outside autograd. */
    public void copyFrom(Tensor source) {
        if (!Arrays.equals(source.shape, shape) || source.dtype != dtype) {
            throw new IllegalArgumentException("copyFrom: expected " + dtype + " " + Shape.str(shape) + ", got "
                    + source.dtype + " " + Shape.str(source.shape));
        }
        if (source.backend() == backend()) {
            kernels().copy(source.buffer(), buffer(), size());
        } else if (dtype == DType.INT32) {
            backend().upload(source.toIntArray(), 0, buffer(), 0, (int) size());
        } else {
            backend().upload(source.toFloatArray(), 0, buffer(), 0, (int) size());
        }
    }

    // ---- shape --------------------------------------------------------------------------------------------------

    /** Same elements, new shape (one axis may be -1); shares storage, like torch.reshape on a contiguous tensor. */
    public Tensor reshape(int... newShape) {
        int[] target = resolveReshape(newShape);
        if (Arrays.equals(target, shape)) {
            return this;
        }
        Tensor out = new Tensor(storage, target, dtype);
        int[] original = shape;
        return Autograd.record("reshape", out, g -> new Tensor[] {g.reshape(original)}, this);
    }

    private int[] resolveReshape(int[] newShape) {
        int[] target = newShape.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1 && inferred < 0) {
                inferred = i;
            } else if (target[i] < 0) {
                throw new IllegalArgumentException("reshape " + Shape.str(shape) + " to " + Shape.str(newShape)
                        + ": only one dimension may be -1 and none may be negative");
            } else {
                known *= target[i];
            }
        }
        if (inferred >= 0 && known > 0 && size() % known == 0) {
            target[inferred] = (int) (size() / known);
        }
        if (Shape.size(target) != size() || (inferred >= 0 && known == 0)) {
            throw new IllegalArgumentException("cannot reshape a tensor of shape " + Shape.str(shape) + " (" + size()
                    + " elements) to " + Shape.str(newShape));
        }
        return target;
    }

    public Tensor view(int... newShape) {
        return reshape(newShape);
    }

    /** Flattens axes startDim..end into one, like torch.flatten(x, startDim). */
    public Tensor flatten(int startDim) {
        int s = Shape.axis(startDim, shape.length);
        int[] out = Arrays.copyOf(shape, s + 1);
        out[s] = Shape.prod(shape, s, shape.length);
        return reshape(out);
    }

    public Tensor flatten() {
        return flatten(0);
    }

    /** Swaps two axes (a copy, since storage is always contiguous). */
    public Tensor transpose(int axis0, int axis1) {
        int[] perm = new int[shape.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        int a = Shape.axis(axis0, shape.length);
        int b = Shape.axis(axis1, shape.length);
        perm[a] = b;
        perm[b] = a;
        return permute(perm);
    }

    public Tensor permute(int... perm) {
        return LayoutOps.permute(this, perm);
    }

    /** A tensor of the same shape made by the backend with a plain copy (a new node in the graph). */
    public Tensor contiguousCopy() {
        return LayoutOps.copy(this);
    }

    // ---- arithmetic (broadcasting, as in PyTorch) ----------------------------------------------------------------

    public Tensor add(Tensor other) {
        return Elementwise.add(this, other);
    }

    public Tensor sub(Tensor other) {
        return Elementwise.sub(this, other);
    }

    public Tensor mul(Tensor other) {
        return Elementwise.mul(this, other);
    }

    public Tensor div(Tensor other) {
        return Elementwise.div(this, other);
    }

    public Tensor add(float value) {
        return Elementwise.affine(this, 1f, value);
    }

    public Tensor sub(float value) {
        return Elementwise.affine(this, 1f, -value);
    }

    public Tensor mul(float value) {
        return Elementwise.affine(this, value, 0f);
    }

    public Tensor div(float value) {
        return Elementwise.affine(this, 1f / value, 0f);
    }

    public Tensor neg() {
        return Elementwise.affine(this, -1f, 0f);
    }

    public Tensor exp() {
        return Elementwise.exp(this);
    }

    public Tensor log() {
        return Elementwise.log(this);
    }

    public Tensor sqrt() {
        return Elementwise.sqrt(this);
    }

    public Tensor square() {
        return Elementwise.square(this);
    }

    public Tensor relu() {
        return Elementwise.relu(this);
    }

    public Tensor tanh() {
        return Elementwise.tanh(this);
    }

    public Tensor sigmoid() {
        return Elementwise.sigmoid(this);
    }

    /** Matrix product with PyTorch's rules for 1-D to 3-D operands (batched when either is 3-D). */
    public Tensor matmul(Tensor other) {
        return MatrixOps.matmul(this, other);
    }

    // ---- reductions ---------------------------------------------------------------------------------------------

    public Tensor sum() {
        return Reductions.sumAll(this);
    }

    public Tensor sum(int axis, boolean keepDim) {
        return Reductions.sum(this, axis, keepDim);
    }

    public Tensor mean() {
        return Reductions.sumAll(this).div(size());
    }

    public Tensor mean(int axis, boolean keepDim) {
        return Reductions.sum(this, axis, keepDim).div(dim(axis));
    }

    /** Index of the largest value along the last axis (int32), like torch.argmax(x, -1). */
    public Tensor argmax() {
        return Reductions.argmaxLast(this);
    }

    public Tensor logSoftmax(int axis) {
        return SoftmaxOps.logSoftmax(this, axis);
    }

    public Tensor softmax(int axis) {
        return SoftmaxOps.softmax(this, axis);
    }

    // ---- checks -------------------------------------------------------------------------------------------------

    /** Fails with a message naming {@code op} unless this tensor holds {@code expected} elements. */
    public void requireDType(DType expected, String op) {
        if (dtype != expected) {
            throw new IllegalArgumentException(
                    op + " expects a " + expected + " tensor, got " + dtype + " " + Shape.str(shape));
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(shape=").append(Shape.str(shape));
        if (dtype != DType.FLOAT32) {
            sb.append(", dtype=").append(dtype);
        }
        sb.append(", backend=").append(backend().name());
        if (gradFn != null) {
            sb.append(", gradFn=").append(gradFn.name());
        } else if (requiresGrad) {
            sb.append(", requiresGrad=true");
        }
        if (size() <= 8 && storage.buffer.size() > 0) {
            sb.append(", values=")
                    .append(dtype == DType.INT32 ? Arrays.toString(toIntArray()) : Arrays.toString(toFloatArray()));
        }
        return sb.append(')').toString();
    }
}
