package dev.cochlea.cuda;

/**
 * Grid and block sizes for each kind of kernel. Pure arithmetic, shared with the .cu sources through a few facts:
 * blocks are {@link #BLOCK} threads (a multiple of 32, and argmax_rows sizes its shared arrays for it),
 * gemm_tile.cuh computes output tiles of {@link GemmTile} shape, and conv1d_forward_direct covers
 * {@link #DIRECT_POSITIONS} outputs by 32 channels per block.
 */
final class LaunchGeometry {
    /** Threads per block for every kernel. */
    static final int BLOCK = 256;
    /** Output tile area of gemm_tile.cuh: TM x TN = 8192 with TM = 32 or 64. */
    static final int TILE_AREA = 8192;
    /** Grid-stride kernels need no more blocks than this to fill any current GPU several times over. */
    static final int MAX_STRIDED_BLOCKS = 65_535;
    /** CUDA's limits on gridDim.x and on gridDim.y / gridDim.z. */
    static final long MAX_GRID_X = Integer.MAX_VALUE;

    static final long MAX_GRID_YZ = 65_535;

    /** Split-K aims for about this many blocks: several per SM on the largest current GPUs (H100: 132 SMs). */
    static final int SPLIT_K_TARGET_BLOCKS = 512;
    /** Per-row / per-channel reductions aim for this many blocks (about 8 per SM on an H100) ... */
    static final int REDUCTION_TARGET_BLOCKS = 1024;
    /** ... but give each block at least four elements per thread. */
    static final int REDUCTION_MIN_CHUNK = 4 * 256;
    /** conv1d_forward_direct: outputs per block along the length, and its shared-memory limits. */
    static final int DIRECT_POSITIONS = 256;

    static final int DIRECT_MAX_SPAN = 4096;
    static final int DIRECT_MAX_TAPS = 127;
    /** ... but never makes a split shorter than this many k (16 tile steps), where the extra pass would not pay. */
    static final int SPLIT_K_MIN_DEPTH = 256;
    /** The k-step of gemm_tile.cuh (TILE_K); splits start on a multiple of it. */
    static final int TILE_K = 16;

    private LaunchGeometry() {}

    /** K cut into {@code splits} ranges of {@code kPerSplit} (the last one may be shorter, none is empty). */
    record SplitK(int splits, int kPerSplit) {}

    /**
     * How to split the K dimension of an m x n x k product whose m x n tiles alone would leave most of the GPU idle
     * (convolution weight gradients: a few hundred outputs, K = batch x output length).
     */
    static SplitK splitK(long m, long n, long k) {
        if (m <= 0 || n <= 0 || k <= 0) {
            throw new IllegalArgumentException("split-K needs positive sizes: m=" + m + " n=" + n + " k=" + k);
        }
        GemmTile tile = gemmTile(m);
        long tileCount = ((m + tile.rows() - 1) / tile.rows()) * ((n + tile.cols() - 1) / tile.cols());
        long wanted = (SPLIT_K_TARGET_BLOCKS + tileCount - 1) / tileCount;
        long deepest = Math.max(1, k / SPLIT_K_MIN_DEPTH);
        long splits = Math.max(1, Math.min(Math.min(wanted, deepest), MAX_GRID_YZ));
        long perSplit = (k + splits - 1) / splits;
        perSplit = (perSplit + TILE_K - 1) / TILE_K * TILE_K;
        splits = (k + perSplit - 1) / perSplit;
        return new SplitK((int) splits, (int) perSplit);
    }

    /** A grid (x, y, z) of blocks of {@code block} threads. */
    record Grid(int x, int y, int z, int block) {}

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

    /** The output tile of gemm_tile.cuh: 32 rows where m fits in them (no half-empty tiles), else 64. */
    record GemmTile(int rows, int cols) {}

    static GemmTile gemmTile(long m) {
        int rows = m <= 32 ? 32 : 64;
        return new GemmTile(rows, TILE_AREA / rows);
    }

    /** Tiles covering an m x n output for each of {@code batch} products (gemm and the implicit-GEMM convolutions). */
    static Grid tiles(long m, long n, long batch) {
        GemmTile tile = gemmTile(m);
        long gx = (n + tile.cols() - 1) / tile.cols();
        long gy = (m + tile.rows() - 1) / tile.rows();
        if (m <= 0 || n <= 0 || batch <= 0 || gx > MAX_GRID_X || gy > MAX_GRID_YZ || batch > MAX_GRID_YZ) {
            throw new IllegalArgumentException("matrix product too large or empty for one launch: m=" + m + " n=" + n
                    + " batch=" + batch + " (at most " + MAX_GRID_YZ * tile.rows() + " rows and " + MAX_GRID_YZ
                    + " batches)");
        }
        return new Grid((int) gx, (int) gy, (int) batch, BLOCK);
    }

    /** Each of {@code rows} rows (or channels) cut into {@code chunks} chunks of {@code perChunk} elements. */
    record Chunks(int chunks, int perChunk) {}

    /**
     * How to cut the reduction of {@code rows} rows of {@code length} elements each into a 2-D grid of blocks: enough
     * chunks that rows x chunks reaches {@link #REDUCTION_TARGET_BLOCKS}, none shorter than
     * {@link #REDUCTION_MIN_CHUNK} (so a single chunk where the rows alone fill the GPU) and none empty.
     */
    static Chunks chunks(long rows, long length) {
        if (rows <= 0 || length <= 0 || rows > MAX_GRID_X) {
            throw new IllegalArgumentException("a chunked reduction needs 1 to " + MAX_GRID_X + " rows of at least one"
                    + " element, got " + rows + " x " + length);
        }
        intExtent(length, "reduction length");
        long wanted = Math.max(1, (REDUCTION_TARGET_BLOCKS + rows - 1) / rows);
        long most = Math.max(1, length / REDUCTION_MIN_CHUNK);
        long chunks = Math.min(wanted, most);
        long perChunk = (length + chunks - 1) / chunks;
        chunks = (length + perChunk - 1) / perChunk;
        return new Chunks((int) chunks, (int) perChunk);
    }

    /** A (row, chunk) grid for {@link #chunks}. */
    static Grid chunked(long rows, Chunks chunks) {
        return new Grid(Math.toIntExact(rows), chunks.chunks(), 1, BLOCK);
    }

    /** One block per output, grid-striding when there are more outputs than blocks in a grid. */
    static Grid perOutputBlocks(long outputs) {
        if (outputs <= 0) {
            throw new IllegalArgumentException("a per-output launch needs at least one output, got " + outputs);
        }
        return new Grid((int) Math.min(outputs, MAX_STRIDED_BLOCKS), 1, 1, BLOCK);
    }

    /** The input stretch one conv1d_forward_direct block stages: DIRECT_POSITIONS outputs and their taps. */
    static long directSpan(int kernelSize, int stride, int dilation) {
        return (long) (DIRECT_POSITIONS - 1) * stride + (long) (kernelSize - 1) * dilation + 1;
    }

    /** conv1d_forward_direct: blocks along the output length, per clip, per 32 output channels. */
    static Grid direct(long outLength, long batch, long outChannels) {
        long gx = (outLength + DIRECT_POSITIONS - 1) / DIRECT_POSITIONS;
        long gz = (outChannels + 31) / 32;
        if (batch > MAX_GRID_YZ || gz > MAX_GRID_YZ) {
            throw new IllegalArgumentException(
                    "direct convolution too large for one launch: batch=" + batch + " outChannels=" + outChannels);
        }
        return new Grid((int) gx, (int) batch, (int) gz, BLOCK);
    }

    /** A matrix dimension that the kernels index with 32-bit ints. */
    static int intExtent(long value, String what) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " = " + value + " exceeds the kernels' 32-bit index range");
        }
        return (int) value;
    }
}
