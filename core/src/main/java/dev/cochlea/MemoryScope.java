package dev.cochlea;

import dev.cochlea.kernels.DeviceBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Releases device memory deterministically: every tensor created on this thread while a scope is open is freed when
 * the scope closes, so a training loop reuses its backend's pooled buffers instead of waiting for the GC.
 * <pre>{@code
 * try (MemoryScope step = MemoryScope.open()) {
 *     Tensor loss = criterion(model.forward(x), y);
 *     loss.backward();
 *     optimizer.step();
 *     lastLoss = loss.item();
 * }
 * }</pre>
 * Parameters, their gradients and optimizer state are created outside any scope ({@link #outside}) and live on.
 * A tensor needed after the scope is handed to the enclosing one with {@link #keep(Tensor)}. Without a scope, memory
 * is released by the GC (a Cleaner closes each buffer), as in plain Java.
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<Deque<MemoryScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final List<DeviceBuffer> owned = new ArrayList<>();
    private boolean closed;

    private MemoryScope() {}

    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope();
        STACK.get().push(scope);
        return scope;
    }

    /** Runs {@code body} with no scope active, so what it allocates outlives the current scope. */
    public static <T> T outside(Supplier<T> body) {
        Deque<MemoryScope> stack = STACK.get();
        Deque<MemoryScope> saved = new ArrayDeque<>(stack);
        stack.clear();
        try {
            return body.get();
        } finally {
            stack.addAll(saved);
        }
    }

    /** Moves the tensor's storage to the enclosing scope (or to the GC if none) and returns the tensor. */
    public Tensor keep(Tensor tensor) {
        DeviceBuffer buffer = tensor.buffer();
        if (owned.remove(buffer)) {
            Deque<MemoryScope> stack = STACK.get();
            for (MemoryScope s : stack) {
                if (s != this && !s.closed) {
                    s.owned.add(buffer);
                    break;
                }
            }
        }
        return tensor;
    }

    static void register(DeviceBuffer buffer) {
        MemoryScope scope = STACK.get().peek();
        if (scope != null) {
            scope.owned.add(buffer);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        STACK.get().remove(this);
        for (DeviceBuffer b : owned) {
            b.close();
        }
        owned.clear();
    }
}
