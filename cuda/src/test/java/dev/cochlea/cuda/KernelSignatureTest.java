package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.kernels.sources.KernelSources;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The Java launch descriptors against the .cu declarations: same kernels, parameter counts, types and op codes. */
class KernelSignatureTest {
    private static final Map<String, KernelSources.Declaration> DECLARED = CudaSources.declarations();

    @Test
    void everyDeclaredKernelHasADescriptorAndViceVersa() {
        assertFalse(DECLARED.isEmpty(), "no kernels parsed from " + CudaSources.SOURCES);
        Set<String> declared = new TreeSet<>(DECLARED.keySet());
        Set<String> described =
                KernelCatalog.all().stream().map(KernelSignature::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(declared, described);
    }

    @TestFactory
    Stream<DynamicTest> descriptorsMatchTheirDeclarations() {
        return KernelCatalog.all().stream()
                .map(k -> DynamicTest.dynamicTest(k.toString(), () -> {
                    KernelSources.Declaration d = DECLARED.get(k.name());
                    assertNotNull(d, k + " is not declared in any .cu file");
                    assertEquals(k.module(), d.file(), k.name() + " lives in another file");
                    CudaSources.CU.assertParameters(k, d, k.params(), ParamType::ofC);
                }));
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
