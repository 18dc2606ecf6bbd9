package dev.cochlea.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cochlea.kernels.catalog.KernelParam;
import dev.cochlea.kernels.sources.KernelCatalogChecks;
import org.junit.jupiter.api.Test;

/** The Java launch catalog against the .cl declarations: same kernels, files, parameter counts and types. */
class KernelSignatureTest extends KernelCatalogChecks<ClParam> {
    KernelSignatureTest() {
        super(ClSources.CL, KernelCatalog.all(), ClParam.class);
    }

    @Test
    void clTypeSpellingsAreNormalised() {
        assertEquals(ClParam.F32_PTR, KernelParam.parse(ClParam.class, "__global const float *"));
        assertEquals(ClParam.I32_PTR, KernelParam.parse(ClParam.class, "__global  int*"));
        assertEquals(ClParam.LOCAL_F32, KernelParam.parse(ClParam.class, "__local float*"));
        assertEquals(ClParam.INT8, KernelParam.parse(ClParam.class, "int8"));
    }
}
