package dev.cochlea.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.cochlea.kernels.sources.KernelSources;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The Java launch catalog against the .cl declarations: same kernels, files, parameter counts and types. */
class KernelSignatureTest {
    private static final Map<String, KernelSources.Declaration> DECLARED = ClSources.CL.declarations();

    @Test
    void everyDeclaredKernelHasASignatureAndViceVersa() {
        assertFalse(DECLARED.isEmpty(), "no kernels parsed from " + ClSources.SOURCES);
        Set<String> declared = new TreeSet<>(DECLARED.keySet());
        Set<String> described =
                KernelCatalog.all().stream().map(KernelSignature::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(declared, described);
        assertEquals(KernelCatalog.all().size(), described.size(), "a kernel is in the catalog twice");
    }

    @TestFactory
    Stream<DynamicTest> signaturesMatchTheirDeclarations() {
        return KernelCatalog.all().stream()
                .map(k -> DynamicTest.dynamicTest(k.toString(), () -> {
                    KernelSources.Declaration d = DECLARED.get(k.name());
                    assertNotNull(d, k + " is not declared in any .cl file");
                    assertEquals(k.program(), d.file(), k.name() + " lives in another file");
                    ClSources.CL.assertParameters(k, d, k.params(), ClParam::ofCl);
                }));
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
