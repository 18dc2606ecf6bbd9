package dev.cochlea.cuda;

import dev.cochlea.kernels.DeviceBuffer;
import java.util.List;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/** Converts a {@link Launch}'s arguments into cuLaunchKernel's kernelParams: one pointer to each argument's value. */
final class JCudaArgs {
    private JCudaArgs() {}

    static Pointer pack(Launch launch) {
        List<ParamType> types = launch.kernel().params();
        NativePointerObject[] values = new NativePointerObject[types.size()];
        for (int i = 0; i < values.length; i++) {
            Object arg = launch.args().get(i);
            values[i] = switch (types.get(i)) {
                case F32_PTR, I32_PTR, WORD_PTR, F64_PTR -> Pointer.to(devicePointer(launch, i, (DeviceBuffer) arg));
                case I32 -> Pointer.to(new int[] {(Integer) arg});
                case I64, U64 -> Pointer.to(new long[] {(Long) arg});
                case F32 -> Pointer.to(new float[] {(Float) arg});
                case SHAPE8 -> Pointer.to((int[]) arg);
            };
        }
        return Pointer.to(values);
    }

    private static CUdeviceptr devicePointer(Launch launch, int index, DeviceBuffer buffer) {
        if (buffer == null) {
            return new CUdeviceptr(); // address 0: the kernel's "absent" for optional buffers
        }
        if (!(buffer instanceof CudaBuffer cuda)) {
            throw new IllegalArgumentException(launch.kernel() + " argument " + index + " is a buffer of backend '"
                    + buffer.backend().name() + "'; cuda kernels need cuda buffers (use tensor.to(backend))");
        }
        return cuda.pointer();
    }
}
