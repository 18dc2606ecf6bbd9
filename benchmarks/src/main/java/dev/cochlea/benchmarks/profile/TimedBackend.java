package dev.cochlea.benchmarks.profile;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A decorator over any backend that times every kernel call: each call is followed by {@link Backend#synchronize()}
 * so that asynchronous backends are charged for their own work, and the time is added to an entry keyed by the
 * kernel's name and its shape arguments. Buffers are wrapped so that tensors report this backend as their owner
 * (core asks a tensor's buffer for its backend's kernels) and unwrapped before they reach the real kernels.
 */
public final class TimedBackend implements Backend {
    /** Accumulated time and call count of one (kernel, shape) key. */
    public static final class Entry {
        public long nanos;
        public long calls;
    }

    private final Backend inner;
    private final Kernels timed;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public TimedBackend(Backend inner) {
        this.inner = inner;
        Kernels real = inner.kernels();
        this.timed = (Kernels) Proxy.newProxyInstance(
                Kernels.class.getClassLoader(),
                new Class<?>[] {Kernels.class},
                (proxy, method, args) -> invoke(real, method, args));
    }

    private Object invoke(Kernels real, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return method.invoke(real, args);
        }
        Object[] plain = args == null ? null : args.clone();
        if (plain != null) {
            for (int i = 0; i < plain.length; i++) {
                plain[i] = unwrap(plain[i]);
            }
        }
        long start = System.nanoTime();
        try {
            return method.invoke(real, plain);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            inner.synchronize();
            long elapsed = System.nanoTime() - start;
            synchronized (entries) {
                Entry e = entries.computeIfAbsent(key(method, args), k -> new Entry());
                e.nanos += elapsed;
                e.calls++;
            }
        }
    }

    /** The kernel's name and its non-buffer arguments (parameter records, counts, shapes), e.g. "fill n=2048". */
    private static String key(Method method, Object[] args) throws ReflectiveOperationException {
        StringBuilder sb = new StringBuilder(method.getName());
        if (args != null) {
            for (Object a : args) {
                if (a == null || unwrap(a) != a) {
                    continue;
                }
                sb.append(' ').append(a instanceof int[] ints ? Arrays.toString(ints) : a.toString());
            }
        }
        return sb.toString();
    }

    /**
     * The argument the real kernels expect: a timed buffer's inner buffer, or a record of buffers (BatchNormBuffers,
     * AdamBuffers, ...) rebuilt around its inner buffers; the argument itself when it holds no timed buffer.
     */
    private static Object unwrap(Object arg) throws ReflectiveOperationException {
        if (arg instanceof DeviceBuffer b) {
            return TimedBuffer.unwrap(b);
        }
        if (!(arg instanceof Record record)) {
            return arg;
        }
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean changed = false;
        for (int i = 0; i < components.length; i++) {
            Object value = components[i].getAccessor().invoke(record);
            values[i] = unwrap(value);
            types[i] = components[i].getType();
            changed |= values[i] != value;
        }
        return changed ? record.getClass().getDeclaredConstructor(types).newInstance(values) : arg;
    }

    /** Starts counting afresh (e.g. after warm-up steps). */
    public void reset() {
        synchronized (entries) {
            entries.clear();
        }
    }

    /** A copy of the accumulated entries, in first-call order. */
    public Map<String, Entry> entries() {
        synchronized (entries) {
            return new LinkedHashMap<>(entries);
        }
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int priority() {
        return inner.priority();
    }

    @Override
    public Optional<String> unavailableReason() {
        return inner.unavailableReason();
    }

    @Override
    public DeviceBuffer allocate(DType dtype, long elements) {
        return new TimedBuffer(this, inner.allocate(dtype, elements));
    }

    @Override
    public void upload(float[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        inner.upload(src, srcOffset, TimedBuffer.unwrap(dst), dstOffset, count);
    }

    @Override
    public void upload(int[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        inner.upload(src, srcOffset, TimedBuffer.unwrap(dst), dstOffset, count);
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int count) {
        inner.download(TimedBuffer.unwrap(src), srcOffset, dst, dstOffset, count);
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, int[] dst, int dstOffset, int count) {
        inner.download(TimedBuffer.unwrap(src), srcOffset, dst, dstOffset, count);
    }

    @Override
    public Kernels kernels() {
        return timed;
    }

    @Override
    public void synchronize() {
        inner.synchronize();
    }

    @Override
    public String toString() {
        return "timed(" + inner + ")";
    }
}
