package dev.cochlea.cuda;

/**
 * Grid and block sizes for each kind of kernel. Pure arithmetic, shared with the .cu sources through two facts:
 * blocks are {@link #BLOCK} threads (a multiple of 32, and argmax_rows sizes its shared arrays for it), and
 * gemm_tile.cuh computes {@link #TILE}-square output tiles.
 */
final class LaunchGeometry {
    /** Threads per block for every kernel. */
    static final int BLOCK = 256;
    /** Output tile edge of gemm_tile.cuh (TILE_M = TILE_N). */
    static final int TILE = 64;
    /** Grid-stride kernels need no more blocks than this to fill any current GPU several times over. */
    static final int MAX_STRIDED_BLOCKS = 65_535;
    /** CUDA's limits on gridDim.x and on gridDim.y / gridDim.z. */
    static final long MAX_GRID_X = Integer.MAX_VALUE;
    static final long MAX_GRID_YZ = 65_535;

    /** Split-K aims for about this many blocks: several per SM on the largest current GPUs (H100: 132 SMs). */
    static final int SPLIT_K_TARGET_BLOCKS = 512;
    /** ... but never makes a split shorter than this many k (16 tile steps), where the extra pass would not pay. */
    static final int SPLIT_K_MIN_DEPTH = 256;
    /** The k-step of gemm_tile.cuh (TILE_K); splits start on a multiple of it. */
    static final int TILE_K = 16;

    private LaunchGeometry() {
    }

    /** K cut into {@code splits} ranges of {@code kPerSplit} (the last one may be shorter, none is empty). */
    record SplitK(int splits, int kPerSplit) {
    }

    /**
     * How to split the K dimension of an m x n x k product whose m x n tiles alone would leave most of the GPU idle
     * (convolution weight gradients: a few hundred outputs, K = batch x output length).
     */
    static SplitK splitK(long m, long n, long k) {
        if (m <= 0 || n <= 0 || k <= 0) {
            throw new IllegalArgumentException("split-K needs positive sizes: m=" + m + " n=" + n + " k=" + k);
        }
        long tileCount = ((m + TILE - 1) / TILE) * ((n + TILE - 1) / TILE);
        long wanted = (SPLIT_K_TARGET_BLOCKS + tileCount - 1) / tileCount;
        long deepest = Math.max(1, k / SPLIT_K_MIN_DEPTH);
        long splits = Math.max(1, Math.min(Math.min(wanted, deepest), MAX_GRID_YZ));
        long perSplit = (k + splits - 1) / splits;
        perSplit = (perSplit + TILE_K - 1) / TILE_K * TILE_K;
        splits = (k + perSplit - 1) / perSplit;
        return new SplitK((int) splits, (int) perSplit);
    }

    /** A grid (x, y, z) of blocks of {@code block} threads. */
    record Grid(int x, int y, int z, int block) {
    }

    /** A grid-stride loop over n elements (n > 0). */
    static Grid elementwise(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("an element-wise launch needs at least one element, got " + n);
        }
        long blocks = Math.min((n + BLOCK - 1) / BLOCK, MAX_STRIDED_BLOCKS);
        return new Grid((int) blocks, 1, 1, BLOCK);
    }

    /** One block per row (or per channel). */
    static Grid perRow(long rows) {
        if (rows <= 0 || rows > MAX_GRID_X) {
            throw new IllegalArgumentException("a per-row launch needs 1 to " + MAX_GRID_X + " rows, got " + rows);
        }
        return new Grid((int) rows, 1, 1, BLOCK);
    }

    /** Tiles covering an m x n output for each of {@code batch} products (gemm and the implicit-GEMM convolutions). */
    static Grid tiles(long m, long n, long batch) {
        long gx = (n + TILE - 1) / TILE;
        long gy = (m + TILE - 1) / TILE;
        if (m <= 0 || n <= 0 || batch <= 0 || gx > MAX_GRID_X || gy > MAX_GRID_YZ || batch > MAX_GRID_YZ) {
            throw new IllegalArgumentException("matrix product too large or empty for one launch: m=" + m + " n=" + n
                    + " batch=" + batch + " (at most " + MAX_GRID_YZ * TILE + " rows and " + MAX_GRID_YZ + " batches)");
        }
        return new Grid((int) gx, (int) gy, (int) batch, BLOCK);
    }

    /** A matrix dimension that the kernels index with 32-bit ints. */
    static int intExtent(long value, String what) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " = " + value + " exceeds the kernels' 32-bit index range");
        }
        return (int) value;
    }
}
