package dev.cochlea.opencl;

import dev.cochlea.kernels.sources.KernelCatalogChecks;

/** The Java launch catalog against the .cl declarations: same kernels, files, parameter counts and types. */
class KernelSignatureTest extends KernelCatalogChecks<ClParam> {
    KernelSignatureTest() {
        super(ClSources.CL, KernelCatalog.all(), ClParam.class);
    }
}
