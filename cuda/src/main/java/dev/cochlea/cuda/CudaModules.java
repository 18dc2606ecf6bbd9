package dev.cochlea.cuda;

import static dev.cochlea.cuda.CudaCalls.check;

import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Loads each PTX module once (the driver JIT-compiles it for the device) and caches the functions looked up in it. */
final class CudaModules {
    private final Map<String, CUmodule> modules = new ConcurrentHashMap<>();
    private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();

    /** Needs the device's context current on the calling thread. */
    CUfunction function(KernelSignature kernel) {
        CUfunction f = functions.get(kernel.name());
        if (f == null) {
            f = functions.computeIfAbsent(kernel.name(), name -> {
                CUfunction function = new CUfunction();
                check(JCudaDriver.cuModuleGetFunction(function, module(kernel.module()), name), "cuModuleGetFunction",
                        "kernel " + kernel);
                return function;
            });
        }
        return f;
    }

    private CUmodule module(String name) {
        return modules.computeIfAbsent(name, n -> {
            CUmodule module = new CUmodule();
            check(JCudaDriver.cuModuleLoadData(module, PtxResources.load(n)), "cuModuleLoadData",
                    "JIT-compiling " + n + ".ptx for this GPU");
            return module;
        });
    }
}
