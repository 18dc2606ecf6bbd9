package dev.cochlea.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {
    @TempDir
    Path root;

    private static Set<String> names(List<LabelledClip> clips) {
        return clips.stream().map(c -> c.file().getFileName().toString()).collect(Collectors.toSet());
    }

    @Test
    void fluentSpeechCommandsWithIndexColumnAndBothLabelKinds() throws IOException {
        String header = ",path,speakerId,transcription,action,object,location";
        WavTrees.text(
                root.resolve("data/train_data.csv"),
                header,
                "0,wavs/speakers/a/1.wav,a,Turn on the lights,activate,lights,none",
                "1,wavs/speakers/a/2.wav,a,\"Lights on, please\",activate,lights,none",
                "2,wavs/speakers/b/3.wav,b,Heat up the kitchen,increase,heat,kitchen");
        WavTrees.text(
                root.resolve("data/valid_data.csv"),
                header,
                "0,wavs/speakers/c/4.wav,c,Turn on the lights,activate,lights,none");
        WavTrees.text(
                root.resolve("data/test_data.csv"),
                header,
                "0,wavs/speakers/d/5.wav,d,Heat up the kitchen,increase,heat,kitchen");

        DatasetSplits byPhrase = FluentSpeechCommands.read(root);
        assertEquals(List.of("Heat up the kitchen", "Lights on, please", "Turn on the lights"), byPhrase.labels());
        assertEquals(3, byPhrase.train().size());
        assertEquals(1, byPhrase.valid().size());
        assertEquals(1, byPhrase.test().size());
        LabelledClip first = byPhrase.train().get(0);
        assertEquals(root.resolve("wavs/speakers/a/1.wav"), first.file());
        assertEquals("a", first.speaker());
        assertEquals(byPhrase.valid(), byPhrase.heldOut(), "validation is the held-out split when present");

        DatasetSplits byIntent = FluentSpeechCommands.read(root, FluentSpeechCommands.LabelKind.INTENT);
        assertEquals(List.of("activate_lights_none", "increase_heat_kitchen"), byIntent.labels());
    }

    @Test
    void fluentSpeechCommandsNamesTheMissingFileOrColumn() throws IOException {
        DatasetLayoutException missing =
                assertThrows(DatasetLayoutException.class, () -> FluentSpeechCommands.read(root));
        assertTrue(
                missing.getMessage().contains("train_data.csv")
                        && missing.getMessage().contains("path,speakerId"),
                missing.getMessage());
        WavTrees.text(root.resolve("data/train_data.csv"), "path,speaker,transcription,action,object,location");
        WavTrees.text(root.resolve("data/valid_data.csv"), "path");
        WavTrees.text(root.resolve("data/test_data.csv"), "path");
        DatasetLayoutException column =
                assertThrows(DatasetLayoutException.class, () -> FluentSpeechCommands.read(root));
        assertTrue(column.getMessage().contains("no column 'speakerId'"), column.getMessage());
    }

    @Test
    void googleSpeechCommandsUsesTheListsAndSkipsBackgroundNoise() throws IOException {
        WavTrees.wavs(
                root,
                "yes/aaa_nohash_0.wav",
                "yes/bbb_nohash_0.wav",
                "yes/ccc_nohash_0.wav",
                "no/aaa_nohash_1.wav",
                "no/ddd_nohash_0.wav",
                "_background_noise_/white_noise.wav");
        WavTrees.text(root.resolve("validation_list.txt"), "yes/bbb_nohash_0.wav");
        WavTrees.text(root.resolve("testing_list.txt"), "yes/ccc_nohash_0.wav", "no/ddd_nohash_0.wav");

        DatasetSplits splits = SpeechCommands.read(root);
        assertEquals(List.of("no", "yes"), splits.labels());
        assertEquals(Set.of("aaa_nohash_0.wav", "aaa_nohash_1.wav"), names(splits.train()));
        assertEquals(Set.of("bbb_nohash_0.wav"), names(splits.valid()));
        assertEquals(Set.of("ccc_nohash_0.wav", "ddd_nohash_0.wav"), names(splits.test()));
        assertEquals("aaa", splits.train().get(0).speaker());
    }

    @Test
    void googleSpeechCommandsWithoutListsSaysWhatIsExpected() {
        WavTrees.wav(root.resolve("yes/aaa_nohash_0.wav"));
        DatasetLayoutException e = assertThrows(DatasetLayoutException.class, () -> SpeechCommands.read(root));
        assertTrue(e.getMessage().contains("validation_list.txt"), e.getMessage());
    }

    private void fsddTree() {
        for (String speaker : List.of("jackson", "nicolas", "theo", "yweweler", "george", "lucas")) {
            for (int digit = 0; digit < 2; digit++) {
                for (int index = 0; index < 7; index++) {
                    WavTrees.wav(root.resolve("recordings/" + digit + "_" + speaker + "_" + index + ".wav"));
                }
            }
        }
    }

    @Test
    void fsddOfficialSplitPutsIndicesZeroToFourInTest() throws IOException {
        fsddTree();
        DatasetSplits splits = Fsdd.official(root);
        assertEquals(List.of("0", "1"), splits.labels());
        assertEquals(6 * 2 * 5, splits.test().size());
        assertEquals(6 * 2 * 2, splits.train().size());
        assertTrue(splits.valid().isEmpty());
        assertTrue(splits.test().stream()
                .allMatch(c -> c.file().getFileName().toString().matches(".*_[0-4]\\.wav")));
        assertEquals(splits.test(), splits.heldOut(), "test is the held-out split without validation");
    }

    @Test
    void fsddSpeakerSplitHoldsOutSpeakers() throws IOException {
        fsddTree();
        DatasetSplits splits = Fsdd.bySpeaker(root);
        assertEquals(4 * 2 * 7, splits.train().size());
        assertEquals(2 * 2 * 7, splits.test().size());
        assertEquals(
                Set.of("george", "lucas"),
                splits.test().stream().map(LabelledClip::speaker).collect(Collectors.toSet()));
        DatasetSplits custom = Fsdd.bySpeaker(root, List.of("theo"), List.of("lucas"));
        assertEquals(14, custom.train().size());
        assertEquals(14, custom.test().size());

        DatasetLayoutException unknown = assertThrows(
                DatasetLayoutException.class, () -> Fsdd.bySpeaker(root, List.of("theo"), List.of("nobody")));
        assertTrue(
                unknown.getMessage().contains("'nobody'")
                        && unknown.getMessage().contains("lucas"),
                unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fsdd.bySpeaker(root, List.of("theo"), List.of("theo")));
    }

    @Test
    void fsddRecordingsMayLieInTheRootItself() throws IOException {
        WavTrees.wavs(root, "3_theo_0.wav", "3_theo_9.wav", "notes.wav");
        DatasetSplits splits = Fsdd.official(root);
        assertEquals(1, splits.train().size());
        assertEquals(1, splits.test().size());
    }

    @Test
    void folderPerLabelWithExplicitSplits() throws IOException {
        WavTrees.wavs(root, "train/cat/a.wav", "train/dog/b.wav", "validation/dog/c.wav", "test/cat/d.wav");
        DatasetSplits splits = FolderPerLabel.read(root);
        assertEquals(List.of("cat", "dog"), splits.labels());
        assertEquals(Set.of("a.wav", "b.wav"), names(splits.train()));
        assertEquals(Set.of("c.wav"), names(splits.valid()));
        assertEquals(Set.of("d.wav"), names(splits.test()));
    }

    @Test
    void folderPerLabelWithoutSplitsHashesFileNames() throws IOException {
        for (int i = 0; i < 60; i++) {
            WavTrees.wav(root.resolve((i % 2 == 0 ? "up" : "down") + "/clip" + i + ".wav"));
        }
        DatasetSplits splits = FolderPerLabel.read(root);
        assertEquals(
                60,
                splits.train().size() + splits.valid().size() + splits.test().size());
        assertTrue(
                splits.train().size() > 30,
                "about 80% train, got " + splits.train().size());
        for (LabelledClip c : splits.test()) {
            assertTrue(FolderPerLabel.bucket(c.file().getFileName().toString()) >= 90);
        }
        assertEquals(splits, FolderPerLabel.read(root), "the split is stable");
    }

    @Test
    void missingOrEmptyFoldersAreNamed() throws IOException {
        Path missing = root.resolve("nowhere");
        for (ThrowingReader reader : List.<ThrowingReader>of(
                FolderPerLabel::read, SpeechCommands::read, Fsdd::official, FluentSpeechCommands::read)) {
            DatasetLayoutException e = assertThrows(DatasetLayoutException.class, () -> reader.read(missing));
            assertTrue(e.getMessage().startsWith(missing + ": does not exist; expected"), e.getMessage());
        }
        WavTrees.text(root.resolve("empty/readme.txt"), "nothing here");
        DatasetLayoutException empty =
                assertThrows(DatasetLayoutException.class, () -> FolderPerLabel.read(root.resolve("empty")));
        assertTrue(empty.getMessage().contains("no label folders"), empty.getMessage());
        DatasetLayoutException noDigits =
                assertThrows(DatasetLayoutException.class, () -> Fsdd.official(root.resolve("empty")));
        assertTrue(noDigits.getMessage().contains("DIGIT_SPEAKER_INDEX.wav"), noDigits.getMessage());
    }

    @FunctionalInterface
    private interface ThrowingReader {
        DatasetSplits read(Path root) throws IOException;
    }

    @Test
    void csvFieldsHonourQuotes() {
        assertEquals(List.of("", "a", "b,c", "say \"hi\""), Csv.parseLine(",a,\"b,c\",\"say \"\"hi\"\"\""));
        assertEquals("\"b,c\"", Csv.quote("b,c"));
        assertEquals("plain", Csv.quote("plain"));
    }
}
