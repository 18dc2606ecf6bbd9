package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every committed PTX module assembles for Ampere (sm_80) and Hopper (sm_90) with ptxas: what the driver's JIT will
 * do on those GPUs. This also proves the PTX is valid at the ISA version its header declares (build-ptx.sh lowers
 * it so that older drivers accept it). Needs ptxas on the PATH.
 */
class PtxAssemblyTest {

    static List<String[]> modulesAndArchitectures() {
        List<String[]> cases = new ArrayList<>();
        for (String module : KernelCatalog.modules()) {
            for (String arch : List.of("sm_80", "sm_90")) {
                cases.add(new String[] {module, arch});
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}.ptx for {1}")
    @MethodSource("modulesAndArchitectures")
    void assembles(String module, String arch, @TempDir Path out) throws IOException {
        Path ptxas = CudaSources.onPath("ptxas");
        assumeTrue(ptxas != null, "ptxas is not on the PATH: cannot assemble the PTX");
        Path ptx = CudaSources.PTX.resolve(module + ".ptx");
        assertTrue(Files.exists(ptx), ptx + " is missing");
        Path cubin = out.resolve(module + ".cubin");
        CudaSources.Process.Result result =
                CudaSources.run(List.of(ptxas.toString(), "-arch=" + arch, ptx.toString(), "-o", cubin.toString()));
        assertEquals(0, result.exitCode(), "ptxas -arch=" + arch + " " + module + ".ptx failed:\n" + result.output());
        assertTrue(Files.size(cubin) > 0, "ptxas wrote an empty cubin");
    }
}
