package dev.cochlea.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Selector parsing and choice over made-up device lists; needs no OpenCL. */
class DeviceSelectorTest {
    private static final DeviceInfo CPU =
            device(0, 0, "pthread-skylake-avx512", "Portable Computing Language", false, 16);
    private static final DeviceInfo SMALL_GPU =
            device(1, 0, "Intel(R) UHD Graphics 630", "Intel(R) OpenCL HD Graphics", true, 24);
    private static final DeviceInfo BIG_GPU = device(2, 0, "NVIDIA GeForce RTX 3060", "NVIDIA CUDA", true, 28);
    private static final DeviceInfo SECOND_CPU = device(0, 1, "another cpu", "Portable Computing Language", false, 8);

    private static DeviceInfo device(int p, int d, String name, String platform, boolean gpu, int units) {
        return new DeviceInfo(p, d, null, null, name, platform, gpu, units, 1024, 65536, 1L << 32);
    }

    @Test
    void blankOrMissingMeansAutomatic() {
        assertTrue(DeviceSelector.parse(null).isAutomatic());
        assertTrue(DeviceSelector.parse("  ").isAutomatic());
        assertEquals("automatic", DeviceSelector.automatic().toString());
    }

    @Test
    void parsesPositionsWithOptionalSpaces() {
        DeviceSelector s = DeviceSelector.parse(" 1 : 2 ");
        assertEquals(1, s.platformIndex());
        assertEquals(2, s.deviceIndex());
        assertNull(s.nameFragment());
        assertEquals("1:2", s.toString());
    }

    @Test
    void anythingElseIsANameFragment() {
        DeviceSelector s = DeviceSelector.parse("RTX");
        assertEquals("RTX", s.nameFragment());
        assertEquals(-1, s.platformIndex());
        assertEquals("1:x", DeviceSelector.parse("1:x").nameFragment());
    }

    @Test
    void automaticPrefersTheBiggestGpu() {
        assertEquals(BIG_GPU, DeviceSelector.automatic().choose(List.of(CPU, SMALL_GPU, BIG_GPU)));
        assertEquals(SMALL_GPU, DeviceSelector.automatic().choose(List.of(CPU, SMALL_GPU)));
    }

    @Test
    void automaticFallsBackToTheFirstCpu() {
        assertEquals(CPU, DeviceSelector.automatic().choose(List.of(CPU, SECOND_CPU)));
    }

    @Test
    void positionAndNameSelectExactly() {
        List<DeviceInfo> all = List.of(CPU, SECOND_CPU, SMALL_GPU, BIG_GPU);
        assertEquals(SECOND_CPU, DeviceSelector.parse("0:1").choose(all));
        assertEquals(SMALL_GPU, DeviceSelector.parse("uhd").choose(all));
        assertEquals(BIG_GPU, DeviceSelector.parse("nvidia cuda").choose(all)); // platform names match too
    }

    @Test
    void noMatchNamesTheSelectorAndListsTheDevices() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> DeviceSelector.parse("radeon").choose(List.of(CPU, BIG_GPU)));
        assertTrue(e.getMessage().contains("cochlea.opencl.device='radeon'"), e.getMessage());
        assertTrue(e.getMessage().contains("0:0 pthread-skylake-avx512 (CPU/other"), e.getMessage());
        assertTrue(e.getMessage().contains("2:0 NVIDIA GeForce RTX 3060 (GPU"), e.getMessage());
        assertThrows(
                IllegalStateException.class, () -> DeviceSelector.parse("3:0").choose(List.of(CPU)));
    }

    @Test
    void noDevicesAtAll() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> DeviceSelector.automatic().choose(List.of()));
        assertTrue(e.getMessage().startsWith("no OpenCL device"), e.getMessage());
    }
}
