package dev.cochlea.opencl;

import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Lists every OpenCL device of every platform the ICD loader knows. */
final class DeviceCatalog {
    private DeviceCatalog() {}

    /** Every device; throws {@link IllegalStateException} with a reason when there is no platform at all. */
    static List<DeviceInfo> list() {
        int[] count = new int[1];
        int rc = CL.clGetPlatformIDs(0, null, count);
        if (rc == CL.CL_PLATFORM_NOT_FOUND_KHR || (rc == CL.CL_SUCCESS && count[0] == 0)) {
            throw new IllegalStateException("no OpenCL platform installed (no ICD found in /etc/OpenCL/vendors; "
                    + "install a driver, e.g. pocl-opencl-icd for CPUs)");
        }
        ClException.check(rc, "clGetPlatformIDs");
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        ClException.check(CL.clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs");
        List<DeviceInfo> devices = new ArrayList<>();
        for (int p = 0; p < platforms.length; p++) {
            int[] n = new int[1];
            rc = CL.clGetDeviceIDs(platforms[p], CL.CL_DEVICE_TYPE_ALL, 0, null, n);
            if (rc == CL.CL_DEVICE_NOT_FOUND || n[0] == 0) {
                continue;
            }
            ClException.check(rc, "clGetDeviceIDs");
            cl_device_id[] ids = new cl_device_id[n[0]];
            ClException.check(
                    CL.clGetDeviceIDs(platforms[p], CL.CL_DEVICE_TYPE_ALL, ids.length, ids, null), "clGetDeviceIDs");
            for (int d = 0; d < ids.length; d++) {
                devices.add(DeviceInfo.query(p, d, platforms[p], ids[d]));
            }
        }
        return devices;
    }
}
