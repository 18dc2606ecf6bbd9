package dev.cochlea.data;

import java.nio.file.Path;

/** An audio file with its label and, where the layout records one, its speaker (else the empty string). */
public record LabelledClip(Path file, String label, String speaker) {
    public LabelledClip {
        if (file == null || label == null || speaker == null) {
            throw new IllegalArgumentException("file, label and speaker must not be null");
        }
    }
}
