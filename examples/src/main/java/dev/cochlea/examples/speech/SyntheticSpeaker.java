package dev.cochlea.examples.speech;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * An espeak-ng "speaker": an English accent, a voice variant, a pitch (0-99) and a rate (words per minute).
 */
public record SyntheticSpeaker(String id, String accent, String variant, int pitch, int rate) {
    /** espeak-ng's English accents (the gmw voices shipped with Debian's espeak-ng-data). */
    static final List<String> ACCENTS = List.of(
            "en-us",
            "en-gb",
            "en-gb-scotland",
            "en-gb-x-rp",
            "en-gb-x-gbclan",
            "en-gb-x-gbcwmd",
            "en-029",
            "en-us-nyc");
    /** Human-sounding voice variants (no robots, whispers or effects). */
    static final List<String> VARIANTS = List.of(
            "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "f1", "f2", "f3", "f4", "f5", "Alex", "Andy", "Annie",
            "adam", "aunty", "david", "edward", "john", "linda", "max", "paul", "rob", "steph", "klatt", "grandma",
            "grandpa", "Lee", "Michael", "Mike", "shelby", "travis", "victor", "zac");

    /** The espeak-ng voice argument, {@code accent+variant}. */
    public String voice() {
        return accent + "+" + variant;
    }

    /**
     * {@code count} speakers with distinct (accent, variant) pairs drawn with {@code seed}, each with its own pitch
     * (25-75) and rate (130-200 words per minute).
     */
    public static List<SyntheticSpeaker> draw(int count, long seed) {
        int max = ACCENTS.size() * VARIANTS.size();
        if (count < 1 || count > max) {
            throw new CliException("--speakers must be between 1 and " + max + ", got " + count);
        }
        List<int[]> pairs = new ArrayList<>();
        for (int a = 0; a < ACCENTS.size(); a++) {
            for (int v = 0; v < VARIANTS.size(); v++) {
                pairs.add(new int[] {a, v});
            }
        }
        Random random = new Random(seed);
        Collections.shuffle(pairs, random);
        List<SyntheticSpeaker> speakers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String accent = ACCENTS.get(pairs.get(i)[0]);
            String variant = VARIANTS.get(pairs.get(i)[1]);
            String id = String.format(Locale.ROOT, "spk%03d-%s-%s", i, accent, variant.toLowerCase(Locale.ROOT));
            speakers.add(new SyntheticSpeaker(id, accent, variant, 25 + random.nextInt(51), 130 + random.nextInt(71)));
        }
        return speakers;
    }
}
