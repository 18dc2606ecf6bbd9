package dev.cochlea.cuda;

import java.util.ArrayList;
import java.util.List;

/** Turns whatever stopped the CUDA backend from starting into the one line {@code unavailableReason()} returns. */
final class StartupFailures {
    private static final int MAX_LENGTH = 240;

    private StartupFailures() {}

    static String describe(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        String all = String.join(
                "\n", chain.stream().map(t -> String.valueOf(t.getMessage())).toList());
        if (all.contains("libcuda.so")) {
            return "no NVIDIA driver: libcuda.so.1 not found";
        }
        Throwable root = chain.get(chain.size() - 1);
        for (Throwable t : chain) {
            if (t instanceof UnsatisfiedLinkError) {
                return oneLine("JCuda's native library could not be loaded: " + firstLine(t.getMessage()));
            }
        }
        for (Throwable t : chain) {
            if (t instanceof NoClassDefFoundError
                    || t instanceof ClassNotFoundException
                    || t instanceof ExceptionInInitializerError) {
                return oneLine("JCuda is missing or failed to initialise: "
                        + t.getClass().getSimpleName() + ": " + firstLine(t.getMessage()));
            }
        }
        return oneLine(
                "CUDA failed to start: " + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Collapses whitespace and caps the length, so the reason prints as one readable line. */
    static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
    }
}
