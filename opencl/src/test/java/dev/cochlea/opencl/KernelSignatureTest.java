package dev.cochlea.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.cochlea.kernels.BinaryOp;
import dev.cochlea.kernels.ReduceOp;
import dev.cochlea.kernels.UnaryOp;
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
    private static final Map<String, ClSources.Declaration> DECLARED = ClSources.declarations();

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
                    ClSources.Declaration d = DECLARED.get(k.name());
                    assertNotNull(d, k + " is not declared in any .cl file");
                    assertEquals(k.program(), d.program(), k.name() + " lives in another file");
                    assertEquals(d.clTypes().size(), k.params().size(), k + " parameter count; .cl has " + d.clTypes());
                    for (int i = 0; i < d.clTypes().size(); i++) {
                        assertEquals(
                                ClParam.ofCl(d.clTypes().get(i)),
                                k.params().get(i),
                                k + " parameter " + i + " is '" + d.clTypes().get(i) + "' in the .cl file");
                    }
                }));
    }

    @Test
    void opCodesAreTheEnumOrdinals() {
        Map<String, Integer> elementwise = ClSources.defines("elementwise.cl");
        for (UnaryOp op : UnaryOp.values()) {
            assertEquals(op.ordinal(), elementwise.get("U_" + op.name()), "U_" + op.name());
        }
        for (BinaryOp op : BinaryOp.values()) {
            assertEquals(op.ordinal(), elementwise.get("B_" + op.name()), "B_" + op.name());
        }
        assertEquals(
                UnaryOp.values().length + BinaryOp.values().length,
                elementwise.size(),
                "elementwise.cl defines codes the enums do not have");
        Map<String, Integer> reduce = ClSources.defines("reduce.cl");
        for (ReduceOp op : ReduceOp.values()) {
            assertEquals(op.ordinal(), reduce.get("R_" + op.name()), "R_" + op.name());
        }
    }

    @Test
    void clTypeSpellingsAreNormalised() {
        assertEquals(ClParam.F32_PTR, ClParam.ofCl("__global const float *"));
        assertEquals(ClParam.I32_PTR, ClParam.ofCl("__global  int*"));
        assertEquals(ClParam.LOCAL_F32, ClParam.ofCl("__local float*"));
        assertEquals(ClParam.INT8, ClParam.ofCl("int8"));
    }
}
