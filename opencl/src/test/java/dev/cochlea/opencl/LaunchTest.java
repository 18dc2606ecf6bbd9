package dev.cochlea.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.kernels.catalog.KernelSignature;
import org.junit.jupiter.api.Test;

/** A launch checks each argument against its kernel's signature as it is added; needs no OpenCL device. */
class LaunchTest {
    private static Launch launch(KernelSignature<ClParam> kernel) {
        return new Launch(null, null, kernel);
    }

    @Test
    void argumentsOfTheWrongTypeOrCountFailNamingTheKernel() {
        IllegalStateException wrongType = assertThrows(
                IllegalStateException.class,
                () -> launch(KernelCatalog.FILL).buf(null).f(1f));
        assertEquals("elementwise.cl:fill argument 1 is int, not float", wrongType.getMessage());
        IllegalStateException tooMany = assertThrows(
                IllegalStateException.class,
                () -> launch(KernelCatalog.FILL).buf(null).i(4).f(0f).i(1));
        assertTrue(tooMany.getMessage().contains("takes only 3 arguments"), tooMany.getMessage());
        IllegalStateException tooFew = assertThrows(
                IllegalStateException.class,
                () -> launch(KernelCatalog.FILL).buf(null).i(4).run(new long[] {4}, new long[] {4}));
        assertEquals("elementwise.cl:fill takes 3 arguments, got 2", tooFew.getMessage());
        assertThrows(
                IllegalStateException.class, () -> launch(KernelCatalog.AXPY).buf(null), "a float comes first");
    }

    @Test
    void anAbsentOptionalBufferIsANullPointerNotAStandIn() {
        Launch bias = launch(KernelCatalog.CONV1D_FORWARD)
                .buf(null)
                .buf(null)
                .buf(null)
                .flag(false);
        assertNull(bias.args().get(2).value());
        assertEquals(org.jocl.Sizeof.cl_mem, bias.args().get(2).size());
    }
}
