package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The Java launch descriptors against the .cu declarations: same kernels, parameter counts, types and op codes. */
class KernelSignatureTest {
    private static final Map<String, CudaSources.Declaration> DECLARED = CudaSources.declarations();

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
                    CudaSources.Declaration d = DECLARED.get(k.name());
                    assertNotNull(d, k + " is not declared in any .cu file");
                    assertEquals(k.module(), d.module(), k.name() + " lives in another file");
                    assertEquals(d.cTypes().size(), k.params().size(), k + " parameter count; .cu has " + d.cTypes());
                    for (int i = 0; i < d.cTypes().size(); i++) {
                        assertEquals(
                                ParamType.ofC(d.cTypes().get(i)),
                                k.params().get(i),
                                k + " parameter " + i + " is '" + d.cTypes().get(i) + "' in the .cu file");
                    }
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
        Map<String, Integer> elementwise = CudaSources.defines("elementwise.cu");
        for (UnaryOp op : UnaryOp.values()) {
            assertEquals(op.ordinal(), elementwise.get("U_" + op.name()), "U_" + op.name());
        }
        for (BinaryOp op : BinaryOp.values()) {
            assertEquals(op.ordinal(), elementwise.get("B_" + op.name()), "B_" + op.name());
        }
        assertEquals(
                UnaryOp.values().length + BinaryOp.values().length,
                elementwise.size(),
                "elementwise.cu defines codes the enums do not have");
        Map<String, Integer> reduce = CudaSources.defines("reduce.cu");
        for (ReduceOp op : ReduceOp.values()) {
            assertEquals(op.ordinal(), reduce.get("R_" + op.name()), "R_" + op.name());
        }
    }

    @Test
    void cTypeSpellingsAreNormalised() {
        assertEquals(ParamType.F32_PTR, ParamType.ofC("const float *"));
        assertEquals(ParamType.WORD_PTR, ParamType.ofC("const unsigned int*"));
        assertEquals(ParamType.U64, ParamType.ofC("unsigned  long long"));
        assertEquals(ParamType.SHAPE8, ParamType.ofC("Shape8"));
    }
}
