package dev.cochlea.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The Java launch catalog against the .cl declarations: same kernels, files, parameter counts and types. */
class KernelSignatureTest {
    @Test
    void everyDeclaredKernelHasASignatureAndViceVersa() {
        ClSources.CL.assertSameKernels(
                KernelCatalog.all().stream().map(KernelSignature::name).toList());
    }

    @TestFactory
    Stream<DynamicTest> signaturesMatchTheirDeclarations() {
        return ClSources.CL.declarationTests(
                KernelCatalog.all(),
                KernelSignature::name,
                KernelSignature::program,
                KernelSignature::params,
                ClParam::ofCl);
    }

    @Test
    void opCodesAreTheEnumOrdinals() {
        ClSources.CL.assertOpCodesAreOrdinals();
    }

    @Test
    void clTypeSpellingsAreNormalised() {
        assertEquals(ClParam.F32_PTR, ClParam.ofCl("__global const float *"));
        assertEquals(ClParam.I32_PTR, ClParam.ofCl("__global  int*"));
        assertEquals(ClParam.LOCAL_F32, ClParam.ofCl("__local float*"));
        assertEquals(ClParam.INT8, ClParam.ofCl("int8"));
    }
}
