package dev.cochlea.opencl;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which OpenCL device a backend uses: automatic (the best GPU, else the first CPU or other device), a position
 * {@code platformIndex:deviceIndex} as listed by {@code clinfo -l}, or a case-insensitive substring of the device or
 * platform name. Read from {@code -Dcochlea.opencl.device=...} by default.
 */
public final class DeviceSelector {
    /** The system property that overrides the automatic choice. */
    public static final String PROPERTY = "cochlea.opencl.device";

    private static final Pattern POSITION = Pattern.compile("\\s*(\\d+)\\s*:\\s*(\\d+)\\s*");

    private final int platformIndex;
    private final int deviceIndex;
    private final String nameFragment;

    private DeviceSelector(int platformIndex, int deviceIndex, String nameFragment) {
        this.platformIndex = platformIndex;
        this.deviceIndex = deviceIndex;
        this.nameFragment = nameFragment;
    }

    public static DeviceSelector automatic() {
        return new DeviceSelector(-1, -1, null);
    }

    /** Parses {@code "1:0"} as a position, anything else non-blank as a name fragment; null or blank is automatic. */
    public static DeviceSelector parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return automatic();
        }
        Matcher m = POSITION.matcher(spec);
        if (m.matches()) {
            return new DeviceSelector(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), null);
        }
        return new DeviceSelector(-1, -1, spec.trim());
    }

    /** The selector named by {@value #PROPERTY}, or automatic when it is unset. */
    public static DeviceSelector fromSystemProperty() {
        return parse(System.getProperty(PROPERTY));
    }

    public boolean isAutomatic() {
        return platformIndex < 0 && nameFragment == null;
    }

    /** The platform index of a positional selector, or -1. */
    public int platformIndex() {
        return platformIndex;
    }

    /** The device index of a positional selector, or -1. */
    public int deviceIndex() {
        return deviceIndex;
    }

    /** The name fragment of a name selector, or null. */
    public String nameFragment() {
        return nameFragment;
    }

    /**
     * The device this selector picks among {@code devices}; throws {@link IllegalStateException} with a one-line reason
     * (listing what exists) when none fits.
     */
    DeviceInfo choose(List<DeviceInfo> devices) {
        if (devices.isEmpty()) {
            throw new IllegalStateException("no OpenCL device found (the platforms list no devices)");
        }
        if (platformIndex >= 0) {
            return devices.stream()
                    .filter(d -> d.platformIndex() == platformIndex && d.deviceIndex() == deviceIndex)
                    .findFirst()
                    .orElseThrow(() -> noMatch(devices));
        }
        if (nameFragment != null) {
            String wanted = nameFragment.toLowerCase(Locale.ROOT);
            return devices.stream()
                    .filter(d -> d.name().toLowerCase(Locale.ROOT).contains(wanted)
                            || d.platformName().toLowerCase(Locale.ROOT).contains(wanted))
                    .findFirst()
                    .orElseThrow(() -> noMatch(devices));
        }
        // Automatic: a GPU beats anything else; among GPUs more compute units, then more memory.
        return devices.stream()
                .max(Comparator.comparing(DeviceInfo::gpu)
                        .thenComparingInt(d -> d.gpu() ? d.computeUnits() : 0)
                        .thenComparingLong(d -> d.gpu() ? d.globalMemBytes() : 0)
                        .thenComparing(Comparator.comparingInt(DeviceInfo::platformIndex)
                                .thenComparingInt(DeviceInfo::deviceIndex)
                                .reversed()))
                .orElseThrow();
    }

    private IllegalStateException noMatch(List<DeviceInfo> devices) {
        return new IllegalStateException("no OpenCL device matches " + PROPERTY + "='" + this + "'; devices: "
                + devices.stream().map(DeviceInfo::describe).collect(Collectors.joining("; ")));
    }

    @Override
    public String toString() {
        if (platformIndex >= 0) {
            return platformIndex + ":" + deviceIndex;
        }
        return nameFragment != null ? nameFragment : "automatic";
    }
}
