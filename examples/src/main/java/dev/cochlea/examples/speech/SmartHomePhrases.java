package dev.cochlea.examples.speech;

import java.util.ArrayList;
import java.util.List;

/**
 * Smart-home commands for the synthetic corpus, each with its intent (action, object, location) as in Fluent Speech
 * Commands: 28 commands over 8 devices, said alone or followed by "in the ROOM" for 8 rooms: 252 distinct phrases.
 * {@link #all()} lists the location-free commands first, alternating between devices, so a small phrase count still
 * covers different devices and words.
 */
public final class SmartHomePhrases {
    /** One phrase and its intent. */
    public record Phrase(String text, String action, String object, String location) {}

    private record Command(String words, String action, String object) {}

    private static final String[] ROOMS = {
        "kitchen", "bedroom", "living room", "bathroom", "hallway", "garage", "office", "dining room"
    };

    /** Per device, its commands; the lists are read in rounds so consecutive commands name different devices. */
    private static final List<List<Command>> DEVICES = List.of(
            List.of(
                    new Command("turn on the lights", "activate", "lights"),
                    new Command("turn off the lights", "deactivate", "lights"),
                    new Command("switch on the lights", "activate", "lights"),
                    new Command("switch off the lights", "deactivate", "lights"),
                    new Command("dim the lights", "decrease", "lights"),
                    new Command("brighten the lights", "increase", "lights")),
            List.of(
                    new Command("turn up the heating", "increase", "heat"),
                    new Command("turn down the heating", "decrease", "heat"),
                    new Command("turn on the heating", "activate", "heat"),
                    new Command("turn off the heating", "deactivate", "heat"),
                    new Command("make it warmer", "increase", "heat"),
                    new Command("make it cooler", "decrease", "heat")),
            List.of(
                    new Command("play the music", "activate", "music"),
                    new Command("stop the music", "deactivate", "music"),
                    new Command("turn up the music", "increase", "volume"),
                    new Command("turn down the music", "decrease", "volume")),
            List.of(
                    new Command("open the blinds", "open", "blinds"),
                    new Command("close the blinds", "close", "blinds")),
            List.of(
                    new Command("turn on the fan", "activate", "fan"),
                    new Command("turn off the fan", "deactivate", "fan"),
                    new Command("speed up the fan", "increase", "fan"),
                    new Command("slow down the fan", "decrease", "fan")),
            List.of(
                    new Command("open the windows", "open", "windows"),
                    new Command("close the windows", "close", "windows")),
            List.of(
                    new Command("turn on the television", "activate", "tv"),
                    new Command("turn off the television", "deactivate", "tv")),
            List.of(new Command("lock the door", "lock", "door"), new Command("unlock the door", "unlock", "door")));

    private SmartHomePhrases() {}

    /** All 252 phrases: commands without a location first (devices interleaved), then each command in each room. */
    public static List<Phrase> all() {
        List<Command> commands = new ArrayList<>();
        for (int round = 0; commands.size() < countCommands(); round++) {
            for (List<Command> device : DEVICES) {
                if (round < device.size()) {
                    commands.add(device.get(round));
                }
            }
        }
        List<Phrase> phrases = new ArrayList<>();
        for (Command c : commands) {
            phrases.add(new Phrase(c.words(), c.action(), c.object(), "none"));
        }
        for (String room : ROOMS) {
            for (Command c : commands) {
                phrases.add(new Phrase(c.words() + " in the " + room, c.action(), c.object(), room.replace(' ', '_')));
            }
        }
        return phrases;
    }

    /** The first {@code count} phrases of {@link #all()}. */
    public static List<Phrase> first(int count) {
        List<Phrase> all = all();
        if (count < 1 || count > all.size()) {
            throw new CliException("--phrases must be between 1 and " + all.size() + ", got " + count);
        }
        return all.subList(0, count);
    }

    private static int countCommands() {
        return DEVICES.stream().mapToInt(List::size).sum();
    }
}
