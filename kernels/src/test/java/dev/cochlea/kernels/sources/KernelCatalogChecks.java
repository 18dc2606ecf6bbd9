package dev.cochlea.kernels.sources;

import dev.cochlea.kernels.catalog.KernelParam;
import dev.cochlea.kernels.catalog.KernelSignature;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The checks every backend's launch catalog passes against its kernel sources: the same kernels, each in its file with
 * its declared parameter types, and op codes that are the enums' ordinals. A backend's test extends this with its
 * sources, catalog and parameter type, and adds its own checks.
 */
public abstract class KernelCatalogChecks<P extends Enum<P> & KernelParam> {
    private final KernelSources sources;
    private final List<KernelSignature<P>> catalog;
    private final Class<P> paramType;

    protected KernelCatalogChecks(KernelSources sources, List<KernelSignature<P>> catalog, Class<P> paramType) {
        this.sources = sources;
        this.catalog = catalog;
        this.paramType = paramType;
    }

    @Test
    public void everyDeclaredKernelIsInTheCatalogAndViceVersa() {
        sources.assertSameKernels(catalog);
    }

    @TestFactory
    public Stream<DynamicTest> signaturesMatchTheirDeclarations() {
        return sources.declarationTests(catalog, paramType);
    }

    @Test
    public void opCodesAreTheEnumOrdinals() {
        sources.assertOpCodesAreOrdinals();
    }
}
