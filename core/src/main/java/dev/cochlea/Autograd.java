package dev.cochlea;

import dev.cochlea.kernels.DType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The dynamic tape (define-by-run): ops call {@link #record} as they run; {@link Tensor#backward()} walks the recorded
 * nodes in reverse topological order, accumulates into leaves' {@code grad()}, and frees the graph.
 */
public final class Autograd {
    private static final ThreadLocal<boolean[]> GRAD_ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});
    /** Set while backward() runs, so anomaly reports name the node whose gradient went bad, not its helpers. */
    private static final ThreadLocal<boolean[]> IN_BACKWARD = ThreadLocal.withInitial(() -> new boolean[1]);

    private static volatile boolean detectAnomaly;

    private Autograd() {}

    public static boolean isGradEnabled() {
        return GRAD_ENABLED.get()[0];
    }

    /** Runs {@code body} without recording gradients (evaluation, optimizer updates), like torch.no_grad(). */
    public static <T> T noGrad(Supplier<T> body) {
        try (NoGrad ignored = noGrad()) {
            return body.get();
        }
    }

    public static void noGrad(Runnable body) {
        try (NoGrad ignored = noGrad()) {
            body.run();
        }
    }

    /** A try-with-resources scope in which nothing is recorded. */
    public static NoGrad noGrad() {
        return new NoGrad();
    }

    /** A scope that turns gradient recording off and restores the previous setting on close. */
    public static final class NoGrad implements AutoCloseable {
        private final boolean previous;

        private NoGrad() {
            boolean[] flag = GRAD_ENABLED.get();
            previous = flag[0];
            flag[0] = false;
        }

        @Override
        public void close() {
            GRAD_ENABLED.get()[0] = previous;
        }
    }

    /**
     * Anomaly mode: every op checks its output, and backward checks every gradient, for NaN or infinity and throws an
     * {@link AnomalyException} naming the first op that produced one. Slow (it reads each result back): for debugging.
     */
    public static void setDetectAnomaly(boolean enabled) {
        detectAnomaly = enabled;
    }

    public static boolean isDetectAnomaly() {
        return detectAnomaly;
    }

    /**
     * Records that {@code output} was computed by op {@code name} from {@code inputs}, if gradients are enabled and any
     * input requires one. Returns {@code output}. Ops written by users call this too (see "Adding an op").
     */
    public static Tensor record(String name, Tensor output, BackwardFunction backward, Tensor... inputs) {
        if (detectAnomaly && !IN_BACKWARD.get()[0]) {
            checkFinite(output, name + " (forward)");
        }
        if (!isGradEnabled()) {
            return output;
        }
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad()) {
                output.setGradFn(new Node(name, inputs.clone(), backward));
                break;
            }
        }
        return output;
    }

    static void backward(Tensor root, Tensor rootGrad) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward() on a tensor that does not require grad: no input of the "
                    + "computation had requiresGrad(true), or it ran inside noGrad()");
        }
        if (!Arrays.equals(rootGrad.shape(), root.shape())) {
            throw new IllegalArgumentException("backward(gradient): gradient shape " + Shape.str(rootGrad.shape())
                    + " does not match the tensor's shape " + Shape.str(root.shape()));
        }
        boolean[] inBackward = IN_BACKWARD.get();
        boolean outer = !inBackward[0];
        inBackward[0] = true;
        try (Autograd.NoGrad ignored = noGrad()) {
            runBackward(root, rootGrad);
        } finally {
            if (outer) {
                inBackward[0] = false;
            }
        }
    }

    private static void runBackward(Tensor root, Tensor rootGrad) {
        if (root.isLeaf()) {
            accumulateIntoLeaf(root, rootGrad);
            root.runPostAccumulateGradHooks();
            return;
        }
        Map<Node, Tensor> grads = new IdentityHashMap<>();
        grads.put(root.gradFn(), rootGrad);
        List<Node> order = reverseTopologicalOrder(root.gradFn());
        Map<Tensor, int[]> hookedEdges = edgesIntoHookedLeaves(order);
        for (Node node : order) {
            Tensor g = grads.remove(node);
            if (g == null) {
                finishHookedEdges(node, hookedEdges);
                node.free();
                continue;
            }
            Tensor[] inputs = node.inputs();
            Tensor[] inputGrads = node.apply(g);
            for (int i = 0; i < inputs.length; i++) {
                Tensor in = inputs[i];
                if (in == null || !in.requiresGrad() || inputGrads[i] == null) {
                    continue;
                }
                Tensor gi = inputGrads[i];
                if (!Arrays.equals(gi.shape(), in.shape())) {
                    throw new IllegalStateException("backward of " + node.name() + " returned a gradient of shape "
                            + Shape.str(gi.shape()) + " for input " + i + " of shape " + Shape.str(in.shape()));
                }
                if (detectAnomaly) {
                    checkFinite(gi, node.name() + " (backward, gradient of input " + i + ")");
                }
                if (in.isLeaf()) {
                    accumulateIntoLeaf(in, gi);
                } else {
                    grads.merge(in.gradFn(), gi, Tensor::add);
                }
            }
            finishHookedEdges(node, hookedEdges);
            node.free();
        }
    }

    /**
     * For each leaf with post-accumulate-grad hooks, the number of this graph's edges that feed it, so that its hooks
     * run once, after its last contribution (as PyTorch runs them after the leaf's AccumulateGrad node). Empty, and
     * free, when no leaf has hooks.
     */
    private static Map<Tensor, int[]> edgesIntoHookedLeaves(List<Node> order) {
        Map<Tensor, int[]> edges = new IdentityHashMap<>();
        for (Node node : order) {
            for (Tensor in : node.inputs()) {
                if (in != null && in.isLeaf() && in.requiresGrad() && in.hasPostAccumulateGradHooks()) {
                    edges.computeIfAbsent(in, leaf -> new int[1])[0]++;
                }
            }
        }
        return edges;
    }

    /** Counts {@code node}'s edges into hooked leaves as done (used or not) and runs the hooks of leaves now final. */
    private static void finishHookedEdges(Node node, Map<Tensor, int[]> hookedEdges) {
        if (hookedEdges.isEmpty()) {
            return;
        }
        for (Tensor in : node.inputs()) {
            int[] pending = in == null ? null : hookedEdges.get(in);
            if (pending != null && --pending[0] == 0) {
                in.runPostAccumulateGradHooks();
            }
        }
    }

    private static void accumulateIntoLeaf(Tensor leaf, Tensor g) {
        Tensor grad = leaf.grad();
        if (grad == null) {
            // The gradient belongs to the leaf, not to the step's memory scope.
            Tensor owned = MemoryScope.outside(() -> Tensor.empty(leaf.backend(), leaf.shape()));
            owned.kernels().copy(g.buffer(), owned.buffer(), owned.size());
            leaf.setGrad(owned);
        } else {
            grad.kernels().axpy(1f, g.buffer(), grad.buffer(), grad.size());
        }
    }

    /**
     * Nodes reachable from {@code root}, each after every node that consumes its output: a depth-first post-order,
     * reversed. Iterative rather than recursive, so a deep graph (a long unrolled loop) cannot overflow the stack.
     */
    private static List<Node> reverseTopologicalOrder(Node root) {
        List<Node> postOrder = new ArrayList<>();
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Visit> stack = new ArrayDeque<>();
        stack.push(new Visit(root));
        visited.add(root);
        while (!stack.isEmpty()) {
            Visit visit = stack.peek();
            if (visit.nextInput < visit.node.inputs().length) {
                Node producer = producerOf(visit.node.inputs()[visit.nextInput++]);
                if (producer != null && visited.add(producer)) {
                    stack.push(new Visit(producer));
                }
            } else {
                stack.pop();
                postOrder.add(visit.node);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }

    /** A node on the depth-first stack and the index of the next input to descend into. */
    private static final class Visit {
        final Node node;
        int nextInput;

        Visit(Node node) {
            this.node = node;
        }
    }

    /** The node whose backward feeds {@code input}'s gradient, or null when none does (a leaf, a constant, null). */
    private static Node producerOf(Tensor input) {
        return input != null && input.requiresGrad() && !input.isLeaf() ? input.gradFn() : null;
    }

    private static void checkFinite(Tensor t, String where) {
        if (t.dtype() != DType.FLOAT32) {
            return;
        }
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new AnomalyException((Float.isNaN(v[i]) ? "NaN" : "infinity") + " produced by " + where
                        + " at flat index " + i + " of a tensor of shape " + Shape.str(t.shape()));
            }
        }
    }
}
