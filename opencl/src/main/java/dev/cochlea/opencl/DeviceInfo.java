package dev.cochlea.opencl;

import java.nio.charset.StandardCharsets;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** One OpenCL device as the selector sees it: where it is (platform and device index) and what it offers. */
record DeviceInfo(
        int platformIndex,
        int deviceIndex,
        cl_platform_id platform,
        cl_device_id device,
        String name,
        String platformName,
        boolean gpu,
        int computeUnits,
        long maxWorkGroupSize,
        long localMemBytes,
        long globalMemBytes) {

    static DeviceInfo query(int platformIndex, int deviceIndex, cl_platform_id platform, cl_device_id device) {
        long[] type = new long[1];
        CL.clGetDeviceInfo(device, CL.CL_DEVICE_TYPE, Sizeof.cl_ulong, Pointer.to(type), null);
        int[] units = new int[1];
        CL.clGetDeviceInfo(device, CL.CL_DEVICE_MAX_COMPUTE_UNITS, Sizeof.cl_uint, Pointer.to(units), null);
        long[] wg = new long[1];
        CL.clGetDeviceInfo(device, CL.CL_DEVICE_MAX_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(wg), null);
        long[] local = new long[1];
        CL.clGetDeviceInfo(device, CL.CL_DEVICE_LOCAL_MEM_SIZE, Sizeof.cl_ulong, Pointer.to(local), null);
        long[] global = new long[1];
        CL.clGetDeviceInfo(device, CL.CL_DEVICE_GLOBAL_MEM_SIZE, Sizeof.cl_ulong, Pointer.to(global), null);
        return new DeviceInfo(
                platformIndex,
                deviceIndex,
                platform,
                device,
                deviceString(device, CL.CL_DEVICE_NAME),
                platformString(platform, CL.CL_PLATFORM_NAME),
                (type[0] & CL.CL_DEVICE_TYPE_GPU) != 0,
                units[0],
                wg[0],
                local[0],
                global[0]);
    }

    /** "0:1 NVIDIA GeForce ... (GPU, platform NVIDIA CUDA)", as listed in messages. */
    String describe() {
        return platformIndex + ":" + deviceIndex + " " + name + " (" + (gpu ? "GPU" : "CPU/other") + ", platform "
                + platformName + ")";
    }

    private static String deviceString(cl_device_id device, int param) {
        return infoString((size, value, sizeRet) -> CL.clGetDeviceInfo(device, param, size, value, sizeRet));
    }

    private static String platformString(cl_platform_id platform, int param) {
        return infoString((size, value, sizeRet) -> CL.clGetPlatformInfo(platform, param, size, value, sizeRet));
    }

    /** A clGet*Info call for one string parameter: (value size, value, size returned). */
    private interface InfoQuery {
        void get(long size, Pointer value, long[] sizeRet);
    }

    /** Asks once for the string's length, then for its bytes. */
    private static String infoString(InfoQuery query) {
        long[] size = new long[1];
        query.get(0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        query.get(bytes.length, Pointer.to(bytes), null);
        return trimNul(bytes);
    }

    private static String trimNul(byte[] bytes) {
        int n = bytes.length;
        while (n > 0 && bytes[n - 1] == 0) {
            n--;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8).trim();
    }
}
