package dev.cochlea.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpectrogramMaskingTest {
    /** Distinct values (row * 1000 + column), so any masked cell is recognisable. */
    private static float[][] ramp(int rows, int columns) {
        float[][] s = new float[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                s[r][c] = r * 1000 + c;
            }
        }
        return s;
    }

    @Test
    void frequencyMaskFillsWholeConsecutiveRowsNarrowerThanTheLimit() {
        SplittableRandom rng = new SplittableRandom(3);
        int masked = 0;
        for (int trial = 0; trial < 200; trial++) {
            float[][] s = new SpectrogramMasking(SpectrogramMasking.Axis.FREQUENCY, 5).apply(ramp(16, 10), -1f, rng);
            int first = -1;
            int count = 0;
            for (int r = 0; r < 16; r++) {
                boolean rowMasked = s[r][0] == -1f;
                for (int c = 0; c < 10; c++) {
                    assertEquals(
                            rowMasked ? -1f : r * 1000 + c, s[r][c], "row " + r + " is masked whole or not at all");
                }
                if (rowMasked) {
                    if (first < 0) {
                        first = r;
                    }
                    assertEquals(first + count, r, "masked rows are consecutive");
                    count++;
                }
            }
            assertTrue(count < 5, "width " + count + " below the limit 5");
            masked += count;
        }
        assertTrue(masked > 200, "masks are drawn with widths up to the limit, " + masked + " rows in 200 draws");
    }

    @Test
    void timeMaskFillsColumnsWithTheMeanByDefault() {
        float[][] s = ramp(4, 50);
        float mean = 1500f + 24.5f;
        new SpectrogramMasking(SpectrogramMasking.Axis.TIME, 30).apply(s, new SplittableRandom(11));
        int maskedColumns = 0;
        for (int c = 0; c < 50; c++) {
            if (s[0][c] == mean) {
                maskedColumns++;
                for (int r = 0; r < 4; r++) {
                    assertEquals(mean, s[r][c], 1e-3f);
                }
            } else {
                assertEquals(c, s[0][c]);
            }
        }
        assertTrue(maskedColumns < 30);
    }

    @Test
    void aWidthLimitBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SpectrogramMasking(SpectrogramMasking.Axis.TIME, 0));
    }
}
