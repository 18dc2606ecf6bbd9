package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The Java launch descriptors against the .cu declarations: same kernels, parameter counts, types and op codes. */
class KernelSignatureTest {
    @Test
    void everyDeclaredKernelHasADescriptorAndViceVersa() {
        CudaSources.CU.assertSameKernels(
                KernelCatalog.all().stream().map(KernelSignature::name).toList());
    }

    @TestFactory
    Stream<DynamicTest> descriptorsMatchTheirDeclarations() {
        return CudaSources.CU.declarationTests(
                KernelCatalog.all(),
                KernelSignature::name,
                KernelSignature::module,
                KernelSignature::params,
                ParamType::ofC);
    }

    @Test
    void everyModuleHasCommittedPtx() {
        for (String module : KernelCatalog.modules()) {
            byte[] ptx = PtxResources.load(module);
            assertEquals(0, ptx[ptx.length - 1], "cuModuleLoadData needs a NUL-terminated image");
            String text = new String(ptx, 0, ptx.length - 1);
            for (KernelSignature k : KernelCatalog.all()) {
                if (k.module().equals(module)) {
                    assertTrue(text.contains(".entry " + k.name() + "("), module + ".ptx lacks " + k.name());
                }
            }
        }
    }

    @Test
    void opCodesAreTheEnumOrdinals() {
        CudaSources.CU.assertOpCodesAreOrdinals();
    }

    @Test
    void cTypeSpellingsAreNormalised() {
        assertEquals(ParamType.F32_PTR, ParamType.ofC("const float *"));
        assertEquals(ParamType.WORD_PTR, ParamType.ofC("const unsigned int*"));
        assertEquals(ParamType.U64, ParamType.ofC("unsigned  long long"));
        assertEquals(ParamType.SHAPE8, ParamType.ofC("Shape8"));
    }
}
