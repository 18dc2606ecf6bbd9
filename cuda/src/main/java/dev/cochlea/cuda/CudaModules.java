package dev.cochlea.cuda;

import dev.cochlea.kernels.catalog.KernelSignature;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUjit_option;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.driver.JITOptions;

/**
 * Loads each PTX module once (the driver JIT-compiles it for the device) and caches the functions looked up in it.
 * Modules are loaded with cuModuleLoadDataEx (JCuda's cuModuleLoadDataJIT) and the JIT's error log, so a rejected
 * module says which line of which PTX file the JIT refused.
 */
final class CudaModules {
    private static final int LOG_BYTES = 16 * 1024;

    private final FaultLog faults;
    private final int driverVersion;
    private final Map<String, CUmodule> modules = new ConcurrentHashMap<>();
    private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();

    CudaModules(FaultLog faults, int driverVersion) {
        this.faults = faults;
        this.driverVersion = driverVersion;
    }

    /** Needs the device's context current on the calling thread. */
    CUfunction function(KernelSignature<ParamType> kernel) {
        CUfunction f = functions.get(kernel.name());
        if (f == null) {
            f = functions.computeIfAbsent(kernel.name(), name -> {
                CUfunction function = new CUfunction();
                faults.check(
                        JCudaDriver.cuModuleGetFunction(
                                function, module(kernel.file().baseName()), name),
                        "cuModuleGetFunction",
                        "kernel " + kernel);
                return function;
            });
        }
        return f;
    }

    private CUmodule module(String name) {
        return modules.computeIfAbsent(name, this::load);
    }

    private CUmodule load(String name) {
        JITOptions options = new JITOptions();
        options.putBytes(CUjit_option.CU_JIT_ERROR_LOG_BUFFER, new byte[LOG_BYTES]);
        options.putInt(CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, LOG_BYTES);
        CUmodule module = new CUmodule();
        int result = JCudaDriver.cuModuleLoadDataJIT(module, Pointer.to(PtxResources.load(name)), options);
        if (result != CUresult.CUDA_SUCCESS) {
            String log = options.getString(CUjit_option.CU_JIT_ERROR_LOG_BUFFER);
            throw new CudaCallException(jitFailure(name, result, log), result);
        }
        return module;
    }

    /** The message for a module the driver refused, with the JIT's own log and what the PTX needs. */
    String jitFailure(String name, int result, String log) {
        StringBuilder message = new StringBuilder("cuModuleLoadDataEx refused " + name + ".ptx (PTX ISA "
                + PtxResources.ISA_VERSION + ", target " + PtxResources.TARGET + "): " + CUresult.stringFor(result)
                + "; driver supports CUDA " + driverVersion / 1000 + "." + driverVersion % 1000 / 10);
        if (result == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
            message.append("; PTX ISA ")
                    .append(PtxResources.ISA_VERSION)
                    .append(" needs a driver for CUDA ")
                    .append(PtxResources.MIN_DRIVER_CUDA)
                    .append(" or newer");
        }
        if (log != null && !log.isBlank()) {
            message.append("; JIT log: ").append(log.trim());
        }
        return message.toString();
    }
}
