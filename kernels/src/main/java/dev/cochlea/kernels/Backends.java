package dev.cochlea.kernels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds backends with {@link ServiceLoader}. {@link #best()} takes the highest-priority available one (cuda > opencl >
 * cpu > reference) unless {@code -Dcochlea.backend=NAME} names another. Each unavailable backend is reported once, in
 * one line on stderr, and skipped.
 */
public final class Backends {
    public static final String PROPERTY = "cochlea.backend";

    private static volatile List<Backend> all;
    private static volatile Backend defaultBackend;

    private Backends() {}

    /** Every backend on the class path, available or not, highest priority first. */
    public static List<Backend> all() {
        List<Backend> result = all;
        if (result == null) {
            synchronized (Backends.class) {
                if (all == null) {
                    List<Backend> found = new ArrayList<>();
                    for (Backend b : ServiceLoader.load(Backend.class)) {
                        found.add(b);
                    }
                    found.sort(Comparator.comparingInt(Backend::priority).reversed());
                    all = List.copyOf(found);
                }
                result = all;
            }
        }
        return result;
    }

    public static List<Backend> available() {
        return all().stream().filter(Backend::isAvailable).collect(Collectors.toList());
    }

    /** The backend called {@code name}; fails with a message that lists the choices or says why it cannot start. */
    public static Backend get(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Backend b : all()) {
            if (b.name().equals(wanted)) {
                Optional<String> why = b.unavailableReason();
                if (why.isPresent()) {
                    throw new IllegalStateException("backend '" + wanted + "' is unavailable: " + why.get());
                }
                return b;
            }
        }
        throw new IllegalArgumentException("no backend named '" + name + "'; on the class path: "
                + all().stream().map(Backend::name).collect(Collectors.joining(", ")));
    }

    /** The default backend: {@code -Dcochlea.backend} if set, else the best available one. */
    public static Backend best() {
        Backend b = defaultBackend;
        if (b == null) {
            synchronized (Backends.class) {
                if (defaultBackend == null) {
                    defaultBackend = choose();
                }
                b = defaultBackend;
            }
        }
        return b;
    }

    /** Makes {@code backend} the default returned by {@link #best()} from now on. */
    public static void setDefault(Backend backend) {
        defaultBackend = backend;
    }

    private static Backend choose() {
        String wanted = System.getProperty(PROPERTY);
        if (wanted != null && !wanted.isBlank()) {
            return get(wanted);
        }
        for (Backend b : all()) {
            Optional<String> why = b.unavailableReason();
            if (why.isEmpty()) {
                return b;
            }
            System.err.println("cochlea: backend '" + b.name() + "' skipped: " + why.get());
        }
        throw new IllegalStateException("no Cochlea backend is available (not even 'reference': is cochlea-kernels on "
                + "the class path with its META-INF/services entry?)");
    }
}
