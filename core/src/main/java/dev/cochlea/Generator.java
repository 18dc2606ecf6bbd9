package dev.cochlea;

/**
 * A seeded source of randomness for initialisation, shuffling and dropout: PyTorch's CPU generator. It is the same
 * Mersenne Twister (MT19937, seeded as {@code torch.manual_seed} seeds it) with the same transformations, so a seed
 * draws the same numbers as in PyTorch on the CPU: {@link #uniform} as {@code Tensor.uniform_} on float32 (hence the
 * default Conv1d and Linear initialisation, kaiming and xavier uniform), {@link #permutation} as
 * {@code torch.randperm}, {@link #nextInt} as {@code torch.randint(0, bound)} and {@link #nextLong} as
 * {@code torch.empty((), dtype=torch.int64).random_()} (without the sign bit). A model built after
 * {@code Generator.manualSeed(s)} therefore starts from the weights PyTorch's starts from after
 * {@code torch.manual_seed(s)}. {@link #normal} has PyTorch's distribution but not its numbers: PyTorch's
 * vectorised normal_ rounds differently on different CPUs.
 *
 * <p>The global default ({@link #global()}) is reseeded with {@link #manualSeed(long)}.
 */
public final class Generator {
    private static final int N = 624;
    private static final int M = 397;
    private static Generator global = new Generator(67280421310721L); // libtorch's default seed

    private final int[] state = new int[N];
    private int next;

    /** A generator seeded like {@code torch.Generator().manual_seed(seed)}; only the low 32 bits matter, as there. */
    public Generator(long seed) {
        state[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
        }
        next = N;
    }

    private Generator(Generator other) {
        System.arraycopy(other.state, 0, state, 0, N);
        next = other.next;
    }

    /** The generator used when none is passed, like PyTorch's default generator. */
    public static synchronized Generator global() {
        return global;
    }

    /** Reseeds the global generator, like torch.manual_seed. */
    public static synchronized void manualSeed(long seed) {
        global = new Generator(seed);
    }

    /**
     * The generator's whole state (the 624 Mersenne Twister words, then the position in them), to save with a
     * checkpoint so that a resumed run draws what an uninterrupted one would, like {@code torch.get_rng_state}.
     */
    public synchronized long[] getState() {
        long[] out = new long[N + 1];
        for (int i = 0; i < N; i++) {
            out[i] = state[i];
        }
        out[N] = next;
        return out;
    }

    /** Restores a state from {@link #getState()}, like {@code torch.set_rng_state}. */
    public synchronized void setState(long[] saved) {
        if (saved.length != N + 1 || saved[N] < 0 || saved[N] > N) {
            throw new IllegalArgumentException("not a generator state: " + saved.length + " values");
        }
        for (int i = 0; i < N; i++) {
            state[i] = (int) saved[i];
        }
        next = (int) saved[N];
    }

    /** An independent generator in this one's current state: both then draw the same numbers. */
    public synchronized Generator copy() {
        return new Generator(this);
    }

    /** A uniform float in [low, high), drawn as PyTorch's float32 uniform_: 24 random bits, scaled in double. */
    public synchronized float uniform(float low, float high) {
        double x = (random32() & 0xFFFFFF) * 0x1p-24;
        return (float) (x * ((double) high - (double) low) + low);
    }

    /** A uniform double in [0, 1) from 53 random bits, as PyTorch's float64 uniform_. */
    public synchronized double nextDouble() {
        return (random64() & ((1L << 53) - 1)) * 0x1p-53;
    }

    /** A normal draw by Box-Muller (kept here so results do not depend on a JDK's Random implementation). */
    public synchronized float normal(float mean, float std) {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return (float) (mean + std * Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2));
    }

    /** A non-negative long from 63 random bits. */
    public synchronized long nextLong() {
        return random64() & Long.MAX_VALUE;
    }

    /** A uniform int in [0, bound), as torch.randint(0, bound). */
    public synchronized int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) (Integer.toUnsignedLong(random32()) % bound);
    }

    /** A uniformly random permutation of 0..n-1, the one torch.randperm(n) draws. */
    public synchronized int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("permutation size must be >= 0, got " + n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = 0; i < n - 1; i++) {
            int j = i + (int) (Integer.toUnsignedLong(random32()) % (n - i));
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Two 32-bit outputs, the first in the high half, as PyTorch's random64. */
    private long random64() {
        long hi = Integer.toUnsignedLong(random32());
        long lo = Integer.toUnsignedLong(random32());
        return hi << 32 | lo;
    }

    /** The next MT19937 output (an unsigned 32-bit value held in an int). */
    private int random32() {
        if (next >= N) {
            twist();
        }
        int y = state[next++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        return y ^ (y >>> 18);
    }

    private void twist() {
        for (int k = 0; k < N; k++) {
            int y = (state[k] & 0x80000000) | (state[(k + 1) % N] & 0x7FFFFFFF);
            state[k] = state[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908B0DF : 0);
        }
        next = 0;
    }
}
