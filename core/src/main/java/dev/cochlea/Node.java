package dev.cochlea;

/**
 * One recorded op on the autograd tape: its inputs and the function that maps the gradient of its output to the
 * gradients of its inputs. Created by {@link Autograd#record}; freed after {@link Tensor#backward()} has used it.
 */
public final class Node {
    private final String name;
    private Tensor[] inputs;
    private BackwardFunction backward;

    Node(String name, Tensor[] inputs, BackwardFunction backward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
    }

    /** The op's name, e.g. "conv1d" (shown in errors and in anomaly reports). */
    public String name() {
        return name;
    }

    Tensor[] inputs() {
        if (inputs == null) {
            throw new IllegalStateException(
                    "the graph through " + name + " was already freed by an earlier backward(): "
                            + "run the forward pass again before calling backward() a second time");
        }
        return inputs;
    }

    Tensor[] apply(Tensor gradOutput) {
        inputs();
        return backward.apply(gradOutput);
    }

    /** Drops the saved tensors so their memory can go (PyTorch frees the graph after backward the same way). */
    void free() {
        inputs = null;
        backward = null;
    }

    @Override
    public String toString() {
        return name;
    }
}
