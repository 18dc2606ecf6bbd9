package dev.cochlea.kernels.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cochlea.kernels.AdamBuffers;
import dev.cochlea.kernels.AdamParams;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.BnReluPoolBuffers;
import dev.cochlea.kernels.BnReluPoolParams;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.HostBackend;
import dev.cochlea.kernels.HostBuffer;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.kernels.ReferenceBackend;
import dev.cochlea.kernels.conformance.ConformanceCases.AdamCase;
import dev.cochlea.kernels.conformance.ConformanceCases.ConvCase;
import dev.cochlea.kernels.conformance.ConformanceCases.DropoutCase;
import dev.cochlea.kernels.conformance.ConformanceCases.FusedCase;
import dev.cochlea.kernels.conformance.ConformanceCases.MatrixCase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * Tests the kit itself: a backend that is the reference with one planted fault must fail the matching conformance
 * test, and the same backend without faults must pass it (so the failure comes from the fault).
 */
class KitSelfTest {

    /** Runs each op on the reference, except the ops in {@code faults}, which run the given code instead. */
    private static Backend faulty(Map<String, BiConsumer<Kernels, Object[]>> faults) {
        Backend reference = new ReferenceBackend();
        Kernels kernels = (Kernels) Proxy.newProxyInstance(
                Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class}, (proxy, method, args) -> {
                    BiConsumer<Kernels, Object[]> fault = faults.get(method.getName());
                    if (fault != null) {
                        fault.accept(reference.kernels(), args);
                        return null;
                    }
                    try {
                        return method.invoke(reference.kernels(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        // Its buffers are the reference's host buffers, so HostBackend's array copies serve it.
        return new HostBackend() {
            public String name() {
                return "faulty";
            }

            public int priority() {
                return 0;
            }

            public Optional<String> unavailableReason() {
                return Optional.empty();
            }

            public DeviceBuffer allocate(DType dtype, long elements) {
                return reference.allocate(dtype, elements);
            }

            public Kernels kernels() {
                return kernels;
            }
        };
    }

    /**
     * The kit test made by {@code test} passes on the fault-free wrapper and fails once {@code op} is faulty. Each
     * family interface has one abstract method, so a lambda binds it to a backend: {@code (LossConformance) () -> b}.
     */
    private static void assertCaught(
            String op, BiConsumer<Kernels, Object[]> fault, Function<Backend, Executable> test) {
        assertDoesNotFail(test.apply(faulty(Map.of())));
        assertThrows(AssertionFailedError.class, test.apply(faulty(Map.of(op, fault))), op + " fault not caught");
    }

    private static void assertDoesNotFail(Executable e) {
        try {
            e.execute();
        } catch (Throwable t) {
            throw new AssertionError("the fault-free backend failed the kit", t);
        }
    }

    private static final ConvCase CONV = new ConvCase(new Conv1dParams(2, 3, 4, 11, 3, 1, 0, 1), true);

    @Test
    void aSlightlyWrongConvolutionIsCaught() {
        assertCaught(
                "conv1dForward",
                (k, a) -> {
                    k.conv1dForward(
                            (Conv1dParams) a[0],
                            (DeviceBuffer) a[1],
                            (DeviceBuffer) a[2],
                            (DeviceBuffer) a[3],
                            (DeviceBuffer) a[4]);
                    float[] y = HostBuffer.floats((DeviceBuffer) a[4]);
                    y[y.length - 1] += 0.01f * (1 + Math.abs(y[y.length - 1]));
                },
                b -> () -> ((LinearConformance) () -> b).conv1dForward(CONV));
    }

    @Test
    void aGemmThatReadsCWhenBetaIsZeroIsCaught() {
        GemmParams p = GemmParams.of(5, 6, 7, false, false);
        assertCaught(
                "gemm",
                (k, a) -> {
                    GemmParams q = (GemmParams) a[0];
                    k.gemm(
                            q.beta() == 0f ? q.withAlphaBeta(q.alpha(), 1e-30f) : q,
                            (DeviceBuffer) a[1],
                            (DeviceBuffer) a[2],
                            (DeviceBuffer) a[3]);
                },
                b -> () -> ((LinearConformance) () -> b).gemm(p));
    }

    @Test
    void anUnwrittenOutputRowIsCaught() {
        MatrixCase c = new MatrixCase(3, 35, 0);
        assertCaught(
                "logSoftmax",
                (k, a) -> k.logSoftmax((DeviceBuffer) a[0], (DeviceBuffer) a[1], (int) a[2] - 1, (int) a[3]),
                b -> () -> ((LossConformance) () -> b).logSoftmax(c));
    }

    @Test
    void aWrongPoolingIndexIsCaught() {
        MaxPool1dParams p = new MaxPool1dParams(2, 3, 10, 3, 2, 0);
        assertCaught(
                "maxPool1dForward",
                (k, a) -> {
                    k.maxPool1dForward(p, (DeviceBuffer) a[1], (DeviceBuffer) a[2], (DeviceBuffer) a[3]);
                    int[] idx = HostBuffer.ints((DeviceBuffer) a[3]);
                    idx[0] = idx[0] == 0 ? 1 : 0;
                },
                b -> () -> ((NormPoolConformance) () -> b).maxPool1dForward(p));
    }

    @Test
    void aFusedIndexOutsideItsWindowIsCaught() {
        FusedCase c = FusedCase.of(2, 3, 10, 2, 2, 0, true, true, true);
        assertCaught(
                "batchNormReluMaxPoolForward",
                (k, a) -> {
                    BnReluPoolBuffers buffers = (BnReluPoolBuffers) a[2];
                    k.batchNormReluMaxPoolForward((BnReluPoolParams) a[0], (boolean) a[1], buffers);
                    HostBuffer.ints(buffers.indices())[1] = 9; // window 1 covers positions 2 and 3
                },
                b -> () -> ((NormPoolConformance) () -> b).batchNormReluMaxPoolForward(c));
    }

    @Test
    void aDifferentDropoutMaskIsCaught() {
        DropoutCase c = new DropoutCase(1023, 0.5f, 3);
        assertCaught(
                "dropout",
                (k, a) -> k.dropout(
                        (DeviceBuffer) a[0],
                        (DeviceBuffer) a[1],
                        (DeviceBuffer) a[2],
                        (long) a[3],
                        (float) a[4],
                        (long) a[5] + 1),
                b -> () -> ((ElementwiseConformance) () -> b).dropout(c));
    }

    @Test
    void adamWithoutBiasCorrectionIsCaught() {
        AdamCase c = new AdamCase(new AdamParams(1e-2f, 0.9f, 0.999f, 1e-8f, 0f, false, false, 7), 1023);
        assertCaught(
                "adamStep",
                (k, a) -> {
                    AdamParams p = (AdamParams) a[0];
                    AdamParams uncorrected = new AdamParams(
                            p.lr(),
                            p.beta1(),
                            p.beta2(),
                            p.eps(),
                            p.weightDecay(),
                            p.decoupledWeightDecay(),
                            p.amsgrad(),
                            1_000_000);
                    @SuppressWarnings("unchecked")
                    AdamBuffers<DeviceBuffer> buffers = (AdamBuffers<DeviceBuffer>) a[1];
                    k.adamStep(uncorrected, buffers, (long) a[2]);
                },
                b -> () -> ((OptimizerConformance) () -> b).adamStep(c));
    }
}
