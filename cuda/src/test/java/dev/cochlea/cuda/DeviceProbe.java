package dev.cochlea.cuda;

import dev.cochlea.Generator;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.catalog.KernelSignature;
import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Losses;
import dev.cochlea.nn.MaxPool1d;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.optim.Adam;
import java.util.Locale;
import java.util.Random;
import jcuda.Pointer;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUjit_option;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.driver.JITOptions;

/**
 * The Java side of tools/device-check.sh on a lent GPU: {@code DeviceProbe env | jit | compare BATCH | train BATCH
 * STEPS | fault}, one line per result. With {@code -Dcochlea.deviceCheck.dryRun=true} each mode does everything up
 * to its first driver call (classes, PTX resources, shapes, the seed network on the cpu backend) and stops there,
 * printing "DRY RUN OK": that is what CI runs (DeviceCheckDryRunTest). Exit status 1 when a check fails.
 */
public final class DeviceProbe {
    static final String DRY_RUN_PROPERTY = "cochlea.deviceCheck.dryRun";
    /** The seed network's six convolutions: in, out, kernel, input length (SeedConvShapes, tools/golden). */
    static final int[][] SEED_CONVS = {
        {1, 32, 100, 32000},
        {32, 64, 4, 7975},
        {64, 64, 4, 1993},
        {64, 128, 4, 497},
        {128, 128, 4, 123},
        {128, 256, 4, 30}
    };

    static final int CLASSES = 248;
    /** Largest max-relative difference to cpu allowed at full size: exact float32, and TF32 (rounded operands). */
    static final double FP32_LIMIT = 1e-4;

    static final double TF32_LIMIT = 1e-2;

    private static boolean failed;

    private DeviceProbe() {}

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "env";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        if (Boolean.getBoolean(DRY_RUN_PROPERTY)) {
            dryRun(mode, batch);
            return;
        }
        CudaBackend exact = new CudaBackend(false);
        System.out.println("unavailableReason: " + exact.unavailableReason().orElse("(none: available)"));
        if (!exact.isAvailable()) {
            System.exit(2);
        }
        switch (mode) {
            case "env" -> env(exact);
            case "jit" -> jit();
            case "compare" -> compare(batch);
            case "train" -> train(batch, steps);
            case "fault" -> fault(exact);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.exit(failed ? 1 : 0);
    }

    /** Everything the mode needs that does not touch the driver, then a marker line. */
    static void dryRun(String mode, int batch) {
        for (String module : KernelCatalog.modules()) {
            if (PtxResources.load(module).length < 100) {
                throw new IllegalStateException(module + ".ptx is empty");
            }
        }
        String natives = "/lib/libJCudaDriver-12.0.0-linux-x86_64.so";
        if (DeviceProbe.class.getResource(natives) == null) {
            throw new IllegalStateException("JCuda's natives " + natives + " are not on the classpath");
        }
        switch (mode) {
            case "env", "jit", "fault" -> {}
            case "compare" -> {
                for (int[] s : SEED_CONVS) {
                    Conv1dParams p = new Conv1dParams(batch, s[0], s[1], s[3], s[2], 1, 0, 1);
                    LaunchGeometry.tiles(p.outChannels(), (long) p.batch() * p.outLength(), 1);
                    LaunchGeometry.splitK(
                            p.outChannels(), (long) p.inChannels() * p.kernelSize(), (long) p.batch() * p.outLength());
                }
            }
            case "train" -> {
                // The same model and step on the cpu backend at batch 2: proves the classpath and the step code.
                Backend cpu = Backends.get("cpu");
                Seed seed = new Seed(cpu, 2);
                float loss = seed.step();
                if (!Float.isFinite(loss)) {
                    throw new IllegalStateException("the seed step on cpu gave loss " + loss);
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.println("DRY RUN OK " + mode + ": stopped before the first driver call (cuInit)");
    }

    private static int attr(CUdevice d, int attribute) {
        int[] out = new int[1];
        JCudaDriver.cuDeviceGetAttribute(out, attribute, d);
        return out[0];
    }

    static void env(CudaBackend b) {
        int[] v = new int[1];
        JCudaDriver.cuDriverGetVersion(v);
        CUdevice d = new CUdevice();
        JCudaDriver.cuDeviceGet(d, Integer.getInteger(CudaBackend.DEVICE_PROPERTY, 0));
        System.out.printf(
                Locale.ROOT,
                "device: %s, driver CUDA %d.%d, cc %d.%d, %d SMs, TF32 by default: %s%n",
                b.deviceName(),
                v[0] / 1000,
                v[0] % 1000 / 10,
                attr(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                attr(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                attr(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
                new CudaBackend().usesTf32());
    }

    /** Loads every module as CudaModules does, with the JIT's error and info logs, then per-kernel resources. */
    static void jit() {
        for (String m : KernelCatalog.modules()) {
            JITOptions o = new JITOptions();
            o.putBytes(CUjit_option.CU_JIT_ERROR_LOG_BUFFER, new byte[16384]);
            o.putInt(CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, 16384);
            o.putBytes(CUjit_option.CU_JIT_INFO_LOG_BUFFER, new byte[65536]);
            o.putInt(CUjit_option.CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES, 65536);
            o.putInt(CUjit_option.CU_JIT_LOG_VERBOSE, 1);
            CUmodule module = new CUmodule();
            long t0 = System.nanoTime();
            int r = JCudaDriver.cuModuleLoadDataJIT(module, Pointer.to(PtxResources.load(m)), o);
            System.out.printf(
                    Locale.ROOT, "JIT %-12s %s in %.0f ms%n", m, CUresult.stringFor(r), (System.nanoTime() - t0) / 1e6);
            String err = o.getString(CUjit_option.CU_JIT_ERROR_LOG_BUFFER);
            if (err != null && !err.isBlank()) {
                System.out.println("  error log: " + err.trim());
            }
            if (r != CUresult.CUDA_SUCCESS) {
                failed = true;
                continue;
            }
            for (KernelSignature<ParamType> k : KernelCatalog.all()) {
                if (!k.file().baseName().equals(m)) {
                    continue;
                }
                CUfunction f = new CUfunction();
                JCudaDriver.cuModuleGetFunction(f, module, k.name());
                int[] blocks = new int[1];
                JCudaDriver.cuOccupancyMaxActiveBlocksPerMultiprocessor(blocks, f, LaunchGeometry.BLOCK, 0);
                System.out.printf(
                        Locale.ROOT,
                        "  %-26s regs %3d local %4d B smem %5d B blocks/SM %d%n",
                        k.name(),
                        fattr(f, CUfunction_attribute.CU_FUNC_ATTRIBUTE_NUM_REGS),
                        fattr(f, CUfunction_attribute.CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES),
                        fattr(f, CUfunction_attribute.CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES),
                        blocks[0]);
            }
        }
    }

    private static int fattr(CUfunction f, int attribute) {
        int[] out = new int[1];
        JCudaDriver.cuFuncGetAttribute(out, attribute, f);
        return out[0];
    }

    /**
     * The seed network's six convolutions at full size (big grids, deep split-K, the direct 1-channel kernel) on cuda
     * in exact float32 and in TF32 against the cpu backend, same random inputs: max |diff| / max |cpu| per output,
     * with the forward times of each.
     */
    static void compare(int batch) {
        Backend cpu = Backends.get("cpu");
        CudaBackend exact = new CudaBackend(false);
        CudaBackend tf32 = new CudaBackend(true);
        Random random = new Random(42);
        StringBuilder times = new StringBuilder();
        for (int[] s : SEED_CONVS) {
            Conv1dParams p = new Conv1dParams(batch, s[0], s[1], s[3], s[2], 1, 0, 1);
            float[] x = gaussian(random, batch * s[0] * s[3]);
            float[] w = gaussian(random, s[1] * s[0] * s[2]);
            float[] gy = gaussian(random, batch * s[1] * p.outLength());
            float[][] ref = convs(cpu, p, x, w, gy);
            StringBuilder line = new StringBuilder(
                    String.format(Locale.ROOT, "compare %3d->%3d k%3d batch %d:", s[0], s[1], s[2], batch));
            for (CudaBackend b : new CudaBackend[] {exact, tf32}) {
                float[][] got = convs(b, p, x, w, gy);
                times.append(timeConvs(b, p));
                double limit = b.usesTf32() ? TF32_LIMIT : FP32_LIMIT;
                line.append(b.usesTf32() ? " | tf32" : " | fp32");
                String[] names = {"y", "gradW", "gradX"};
                for (int i = 0; i < names.length; i++) {
                    double err = relErr(ref[i], got[i]);
                    failed |= !(err <= limit);
                    line.append(String.format(Locale.ROOT, " %s %.1e%s", names[i], err, err <= limit ? "" : " FAIL"));
                }
            }
            System.out.println(line);
        }
        System.out.print(times);
        for (CudaBackend b : new CudaBackend[] {exact, tf32}) {
            GemmParams g = GemmParams.of(4096, 4096, 4096, false, true);
            try (DeviceBuffer a = filled(b, 4096L * 4096, 0.5f);
                    DeviceBuffer bb = filled(b, 4096L * 4096, 0.25f);
                    DeviceBuffer c = b.allocate(DType.FLOAT32, 4096L * 4096)) {
                double ms = gpuMillis(b, 5, () -> b.kernels().gemm(g, a, bb, c));
                System.out.printf(
                        Locale.ROOT,
                        "gemm 4096^3 %s: %.3f ms, %.1f TFLOP/s%n",
                        b.usesTf32() ? "tf32" : "fp32",
                        ms,
                        g.flops() / ms / 1e9);
            }
        }
    }

    /** GPU milliseconds of the three passes (and, for one input channel, of both forward kernels). */
    static String timeConvs(CudaBackend b, Conv1dParams p) {
        CudaKernels k = (CudaKernels) b.kernels();
        long xs = (long) p.batch() * p.inChannels() * p.inLength();
        long ys = (long) p.batch() * p.outChannels() * p.outLength();
        long ws = (long) p.outChannels() * p.inChannels() * p.kernelSize();
        try (DeviceBuffer x = filled(b, xs, 0.5f);
                DeviceBuffer w = filled(b, ws, 0.01f);
                DeviceBuffer y = filled(b, ys, 0.1f);
                DeviceBuffer gx = b.allocate(DType.FLOAT32, xs);
                DeviceBuffer gw = b.allocate(DType.FLOAT32, ws)) {
            double f = gpuMillis(b, 3, () -> k.conv1dForward(p, x, w, null, y));
            double bw = gpuMillis(b, 3, () -> k.conv1dBackwardWeight(p, x, y, gw, null));
            double bi = gpuMillis(b, 3, () -> k.conv1dBackwardInput(p, y, w, gx));
            String line = String.format(
                    Locale.ROOT,
                    "time %3d->%3d batch %d %s: fwd %.3f ms (%.1f TFLOP/s)" + " wgrad %.3f ms igrad %.3f ms",
                    p.inChannels(),
                    p.outChannels(),
                    p.batch(),
                    b.usesTf32() ? "tf32" : "fp32",
                    f,
                    p.flops() / f / 1e9,
                    bw,
                    bi);
            if (CudaKernels.directConvolutionFits(p)) {
                int columns = p.batch() * p.outLength();
                double gemm = gpuMillis(b, 3, () -> k.conv1dForwardGemm(p, x, w, null, y, columns));
                line += String.format(Locale.ROOT, " (fwd: direct kernel; implicit GEMM would take %.3f ms)", gemm);
            }
            return line + System.lineSeparator();
        }
    }

    static float[][] convs(Backend b, Conv1dParams p, float[] x, float[] w, float[] gy) {
        Kernels k = b.kernels();
        try (DeviceBuffer dx = upload(b, x);
                DeviceBuffer dw = upload(b, w);
                DeviceBuffer dgy = upload(b, gy);
                DeviceBuffer y = b.allocate(DType.FLOAT32, gy.length);
                DeviceBuffer gw = b.allocate(DType.FLOAT32, w.length);
                DeviceBuffer gx = b.allocate(DType.FLOAT32, x.length)) {
            k.conv1dForward(p, dx, dw, null, y);
            k.conv1dBackwardWeight(p, dx, dgy, gw, null);
            k.conv1dBackwardInput(p, dgy, dw, gx);
            float[][] out = {new float[gy.length], new float[w.length], new float[x.length]};
            b.download(y, 0, out[0], 0, out[0].length);
            b.download(gw, 0, out[1], 0, out[1].length);
            b.download(gx, 0, out[2], 0, out[2].length);
            return out;
        }
    }

    private static DeviceBuffer upload(Backend b, float[] v) {
        DeviceBuffer buffer = b.allocate(DType.FLOAT32, v.length);
        b.upload(v, 0, buffer, 0, v.length);
        return buffer;
    }

    private static DeviceBuffer filled(Backend b, long n, float value) {
        DeviceBuffer buf = b.allocate(DType.FLOAT32, n);
        b.kernels().fill(buf, n, value);
        return buf;
    }

    private static double gpuMillis(CudaBackend b, int reps, Runnable work) {
        work.run();
        b.synchronize();
        try (CudaTimer t = b.startTimer()) {
            for (int i = 0; i < reps; i++) {
                work.run();
            }
            return t.stopMillis() / reps;
        }
    }

    static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    static double relErr(float[] ref, float[] got) {
        double max = 1e-30;
        double diff = 0;
        for (int i = 0; i < ref.length; i++) {
            max = Math.max(max, Math.abs(ref[i]));
            diff = Math.max(diff, Double.isNaN(got[i]) ? Double.POSITIVE_INFINITY : Math.abs((double) got[i] - ref[i]));
        }
        return diff / max;
    }

    /** The seed network (SpeechNets.seed, built here from core's layers), Adam 1e-3, random input and labels. */
    static final class Seed {
        final Backend backend;
        final Sequential model = new Sequential();
        final Adam optimizer;
        final Tensor input;
        final Tensor labels;

        Seed(Backend backend, int batch) {
            this.backend = backend;
            Backends.setDefault(backend);
            Generator.manualSeed(0);
            int[] channels = {1, 32, 64, 64, 128, 128, 256};
            for (int block = 0; block < 6; block++) {
                model.add(new Conv1d(channels[block], channels[block + 1], block == 0 ? 100 : 4, false))
                        .add(new BatchNorm1d(channels[block + 1]))
                        .add(new ReLU())
                        .add(new MaxPool1d(4));
            }
            model.add(new Flatten()).add(new Linear(1536, CLASSES));
            optimizer = new Adam(model.parameters(), 1e-3f);
            input = Tensor.normal(backend, new Generator(1), 0f, 0.1f, batch, 1, 32000);
            int[] y = new int[batch];
            Random r = new Random(2);
            for (int i = 0; i < batch; i++) {
                y[i] = r.nextInt(CLASSES);
            }
            labels = Tensor.labels(backend, y);
        }

        /** One training step; reading the loss waits for the GPU, once per step, as a training loop does. */
        float step() {
            model.train();
            try (MemoryScope ignored = MemoryScope.open()) {
                Tensor loss = Losses.crossEntropy(model.forward(input), labels);
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                return loss.item();
            }
        }
    }

    /** The seed training step on cuda (TF32, as PyTorch's default convolutions): ms per step and a kernel profile. */
    static void train(int batch, int steps) {
        CudaBackend cuda = new CudaBackend();
        Seed seed = new Seed(cuda, batch);
        float first = seed.step();
        for (int i = 0; i < 4; i++) {
            seed.step();
        }
        long t0 = System.nanoTime();
        float last = 0;
        for (int i = 0; i < steps; i++) {
            last = seed.step();
        }
        double ms = (System.nanoTime() - t0) / 1e6 / steps;
        System.out.printf(
                Locale.ROOT,
                "cochlea seed train step batch %d tf32=%s: %.2f ms (loss %.4f -> %.4f)%n",
                batch,
                cuda.usesTf32(),
                ms,
                first,
                last);
        failed |= !Float.isFinite(last);
        try (KernelProfile profile = cuda.startProfile()) {
            for (int i = 0; i < 2; i++) {
                seed.step();
            }
            System.out.print(profile.report(2));
        }
        System.out.printf(
                Locale.ROOT, "pool: %d MiB in use, %d MiB cached%n", cuda.bytesInUse() >> 20, cuda.bytesCached() >> 20);
    }

    /** Kills the context on purpose (run last, in its own JVM): shows what the messages name. */
    static void fault(CudaBackend b) {
        Kernels k = b.kernels();
        DeviceBuffer small = b.allocate(DType.FLOAT32, 256);
        DeviceBuffer other = b.allocate(DType.FLOAT32, 256);
        try {
            k.copy(small, other, 1L << 34); // reads and writes far past both buffers
            k.fill(other, 256, 1f); // an innocent kernel queued after the faulty one
            b.synchronize();
            System.out.println("FAIL: the faulty copy reported nothing");
            failed = true;
        } catch (RuntimeException e) {
            System.out.println("fault: " + e);
        }
        try {
            k.fill(other, 256, 2f);
            System.out.println("FAIL: a dead context accepted a launch");
            failed = true;
        } catch (CudaContextLostException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
