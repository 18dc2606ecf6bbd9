package dev.cochlea.kernels.catalog;

/**
 * A parameter type of a backend's kernels, named by its spelling in the kernel sources (const ignored). Each backend
 * has one enum of them; its catalog lists kernels in those types and a test compares them with the declarations.
 */
public interface KernelParam {

    /** The type as the sources spell it, e.g. {@code float*}, {@code __global int*}, {@code long long}. */
    String spelling();

    /**
     * The constant of {@code type} spelled {@code declared} once normalised (const removed, whitespace folded, no
     * space before a {@code *}); throws if there is none.
     */
    static <P extends Enum<P> & KernelParam> P parse(Class<P> type, String declared) {
        String normal = declared.replaceAll("\\bconst\\b", " ")
                .replaceAll("\\s*\\*", "*")
                .replaceAll("\\s+", " ")
                .trim();
        for (P p : type.getEnumConstants()) {
            if (p.spelling().equals(normal)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no " + type.getSimpleName() + " for the type '" + declared + "'");
    }
}
