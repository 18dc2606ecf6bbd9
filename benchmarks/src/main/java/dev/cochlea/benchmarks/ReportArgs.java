package dev.cochlea.benchmarks;

/**
 * The positional arguments the report and profile programs share: {@code BACKEND BATCH} first (defaults cpu and 32),
 * then the program's own counts, each with its default when left out.
 */
public record ReportArgs(String[] args) {
    /** The backend's name, the first argument. */
    public String backend() {
        return string(0, "cpu");
    }

    /** The batch size, the second argument. */
    public int batch() {
        return integer(1, 32);
    }

    public String string(int index, String fallback) {
        return args.length > index ? args[index] : fallback;
    }

    public int integer(int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
