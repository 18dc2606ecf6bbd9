package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every committed PTX module declares the ISA version, target and address size the build promises (PtxResources:
 * ISA 8.0, so drivers from CUDA 12.0 load it; sm_80, the first TF32 tensor cores). PtxAssemblyTest proves with ptxas
 * that the code is valid at that declared version; this test pins the declaration itself, from the resource the jar
 * ships.
 */
class PtxHeaderTest {
    private static final Pattern DIRECTIVE = Pattern.compile("(?m)^\\.(version|target|address_size)\\s+(\\S+)\\s*$");

    static List<String> modules() {
        return KernelCatalog.modules();
    }

    @ParameterizedTest(name = "{0}.ptx")
    @MethodSource("modules")
    void headerDeclaresThePromisedIsaAndTarget(String module) throws IOException {
        byte[] withNul = PtxResources.load(module);
        String ptx = new String(withNul, 0, withNul.length - 1, java.nio.charset.StandardCharsets.US_ASCII);
        Matcher m = DIRECTIVE.matcher(ptx);
        java.util.Map<String, String> header = new java.util.HashMap<>();
        while (m.find()) {
            header.putIfAbsent(m.group(1), m.group(2));
        }
        assertEquals(PtxResources.ISA_VERSION, header.get("version"), module + ".ptx .version");
        assertEquals(PtxResources.TARGET, header.get("target"), module + ".ptx .target");
        assertEquals("64", header.get("address_size"), module + ".ptx .address_size");
        assertEquals(0, withNul[withNul.length - 1], "cuModuleLoadDataEx needs the NUL terminator");
        Path source = CudaSources.PTX.resolve(module + ".ptx");
        assertEquals(Files.readString(source), ptx, "the jar's resource is the committed file");
    }
}
