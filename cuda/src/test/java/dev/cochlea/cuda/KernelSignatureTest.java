package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.kernels.catalog.KernelSignature;
import dev.cochlea.kernels.sources.KernelCatalogChecks;
import org.junit.jupiter.api.Test;

/** The Java launch descriptors against the .cu declarations: same kernels, parameter counts, types and op codes. */
class KernelSignatureTest extends KernelCatalogChecks<ParamType> {
    KernelSignatureTest() {
        super(CudaSources.CU, KernelCatalog.all(), ParamType.class);
    }

    @Test
    void everyModuleHasCommittedPtx() {
        for (String module : KernelCatalog.modules()) {
            byte[] ptx = PtxResources.load(module);
            assertEquals(0, ptx[ptx.length - 1], "cuModuleLoadData needs a NUL-terminated image");
            String text = new String(ptx, 0, ptx.length - 1);
            for (KernelSignature<ParamType> k : KernelCatalog.all()) {
                if (k.file().baseName().equals(module)) {
                    assertTrue(text.contains(".entry " + k.name() + "("), module + ".ptx lacks " + k.name());
                }
            }
        }
    }
}
