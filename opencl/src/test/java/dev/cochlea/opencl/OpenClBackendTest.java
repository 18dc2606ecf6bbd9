package dev.cochlea.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.UnaryOp;
import dev.cochlea.kernels.catalog.KernelFile;
import dev.cochlea.kernels.catalog.KernelSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The backend's own behaviour on a real device: lifecycle, copies, pooling, program cache, error reporting. */
class OpenClBackendTest {
    private static OpenClBackend backend;

    @BeforeAll
    static void open() {
        backend = new OpenClBackend(DeviceSelector.automatic());
        Assumptions.assumeTrue(
                backend.isAvailable(),
                () -> "no OpenCL device: " + backend.unavailableReason().get());
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void isRegisteredWithTheServiceLoader() {
        Backend found = Backends.all().stream()
                .filter(b -> b.name().equals("opencl"))
                .findFirst()
                .orElseThrow();
        assertTrue(found instanceof OpenClBackend);
        boolean gpu = ((OpenClBackend) found).deviceDescription().contains("(GPU");
        assertEquals(gpu ? 30 : 15, found.priority(), "a CPU device (PoCL) ranks below the native cpu backend");
    }

    @Test
    void aSelectorThatMatchesNothingGivesAClearReason() {
        OpenClBackend none = OpenClBackend.forDevice("no-such-device-anywhere");
        assertFalse(none.isAvailable());
        String reason = none.unavailableReason().orElseThrow();
        assertTrue(
                reason.startsWith("no OpenCL device matches cochlea.opencl.device='no-such-device-anywhere'"), reason);
        assertTrue(reason.contains(backend.deviceDescription()), reason); // and it lists what exists
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> none.allocate(DType.FLOAT32, 4));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        none.close(); // closing a backend that never started is fine
    }

    @Test
    void positionalSelectorFindsTheSameDevice() {
        String description = backend.deviceDescription();
        String position = description.substring(0, description.indexOf(' '));
        try (OpenClBackend same = OpenClBackend.forDevice(position)) {
            assertEquals(description, same.deviceDescription());
        }
    }

    @Test
    void copiesRoundTripWithOffsets() {
        try (DeviceBuffer f = backend.allocate(DType.FLOAT32, 5);
                DeviceBuffer i = backend.allocate(DType.INT32, 3)) {
            backend.upload(new float[] {9, 1, 2, 3, 4, 5}, 1, f, 0, 5);
            backend.upload(new float[] {7, 8}, 0, f, 3, 2);
            float[] got = new float[7];
            backend.download(f, 1, got, 2, 4);
            assertArrayEquals(new float[] {0, 0, 2, 3, 7, 8, 0}, got);
            backend.upload(new int[] {-1, 42, Integer.MAX_VALUE}, 0, i, 0, 3);
            int[] ints = new int[3];
            backend.download(i, 0, ints, 0, 3);
            assertArrayEquals(new int[] {-1, 42, Integer.MAX_VALUE}, ints);
            assertThrows(IndexOutOfBoundsException.class, () -> backend.upload(new float[6], 0, f, 1, 5));
            assertThrows(IllegalArgumentException.class, () -> backend.upload(new int[1], 0, f, 0, 1));
        }
    }

    @Test
    void closedBuffersReturnToThePool() {
        BufferPool pool = backend.context().pool;
        backend.allocate(DType.FLOAT32, 1000).close(); // make sure one block of this bucket exists
        long before = pool.created();
        for (int round = 0; round < 5; round++) {
            try (DeviceBuffer a = backend.allocate(DType.FLOAT32, 1000)) {
                backend.kernels().fill(a, 1000, round);
            }
        }
        assertEquals(before, pool.created());
        DeviceBuffer closed = backend.allocate(DType.FLOAT32, 3);
        closed.close();
        closed.close(); // idempotent
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> backend.kernels().fill(closed, 3, 1f));
        assertTrue(e.getMessage().contains("after close()"), e.getMessage());
    }

    @Test
    void eachProgramIsBuiltOncePerContext() {
        try (OpenClBackend fresh = new OpenClBackend(DeviceSelector.automatic());
                DeviceBuffer a = fresh.allocate(DType.FLOAT32, 16);
                DeviceBuffer c = fresh.allocate(DType.FLOAT32, 16)) {
            ProgramCache programs = fresh.context().programs;
            assertEquals(0, programs.builds());
            fresh.kernels().fill(a, 16, 2f);
            fresh.kernels().unary(UnaryOp.SQUARE, a, a, 16);
            fresh.kernels().fill(a, 16, 3f);
            assertEquals(1, programs.builds()); // elementwise.cl, once
            fresh.kernels().gemm(GemmParams.of(4, 4, 4, false, false), a, a, c);
            fresh.kernels().gemm(GemmParams.of(2, 2, 2, true, false), a, a, c);
            assertEquals(2, programs.builds()); // plus gemm.cl
            float[] got = new float[4];
            fresh.download(c, 0, got, 0, 4);
            assertArrayEquals(new float[] {18, 18, 18, 18}, got, 0f, "2x2 of 3s times 2x2 of 3s");
        }
    }

    @Test
    void errorCodesAreNamed() { // JOCL's table, so it needs the natives loaded
        assertEquals("CL_INVALID_WORK_GROUP_SIZE", ClException.codeName(-54));
        assertEquals("CL_MEM_OBJECT_ALLOCATION_FAILURE", ClException.codeName(-4));
        ClException e = new ClException("kernel pool/maxpool_forward", -54);
        assertEquals("kernel pool/maxpool_forward failed with CL_INVALID_WORK_GROUP_SIZE (-54)", e.getMessage());
        assertEquals(-54, e.code());
    }

    @Test
    void launchFailuresNameTheKernelAndTheErrorCode() {
        ClContext ctx = backend.context();
        try (DeviceBuffer a = backend.allocate(DType.FLOAT32, 4)) {
            long tooBig = ctx.device.maxWorkGroupSize() * 2;
            Launch launch = ctx.launch(KernelCatalog.FILL).buf(a).i(4).f(1f);
            ClException e = assertThrows(ClException.class, () -> launch.run(new long[] {tooBig}, new long[] {tooBig}));
            assertEquals("kernel elementwise/fill failed with CL_INVALID_WORK_GROUP_SIZE (-54)", e.getMessage());
        }
    }

    @Test
    void aMissingKernelFamilySaysWhichFile() {
        KernelSignature<ClParam> missing = new KernelFile<ClParam>("no_such_family", ".cl").kernel("x");
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> backend.context().launch(missing));
        assertTrue(e.getMessage().contains("no_such_family.cl"), e.getMessage());
    }

    @Test
    void closeReleasesAndMakesTheBackendUnavailable() {
        OpenClBackend b = new OpenClBackend(DeviceSelector.automatic());
        DeviceBuffer live = b.allocate(DType.FLOAT32, 8);
        b.close();
        live.close(); // a buffer closed after its backend releases its memory instead of pooling it
        assertEquals("the OpenCL backend was closed", b.unavailableReason().orElseThrow());
        assertThrows(IllegalStateException.class, () -> b.allocate(DType.FLOAT32, 1));
        b.close();
    }
}
