package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConvBlockParamsTest {
    private static final Conv1dParams SEED_FIRST = new Conv1dParams(2, 1, 32, 32000, 100, 1, 0, 1);

    @Test
    void sizesFollowTheConvolutionAndThePool() {
        ConvBlockParams pooled = ConvBlockParams.of(SEED_FIRST, true, 4, 4, 0);
        assertEquals(31901, SEED_FIRST.outLength());
        assertEquals(7975, pooled.outLength());
        assertEquals(2L * 32 * 31901, pooled.convOutSize());
        assertEquals(2L * 32 * 7975, pooled.outSize());
        ConvBlockParams plain = ConvBlockParams.of(SEED_FIRST, false);
        assertEquals(31901, plain.outLength());
        assertEquals(plain.convOutSize(), plain.outSize());
    }

    @Test
    void aPoolThatDoesNotReadTheConvolutionsOutputIsRefused() {
        MaxPool1dParams wrong = new MaxPool1dParams(2, 32, 32000, 4, 4, 0);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ConvBlockParams(SEED_FIRST, true, wrong));
        assertTrue(e.getMessage().contains("[2, 32, 31901]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConvBlockParams(null, true, null));
    }
}
