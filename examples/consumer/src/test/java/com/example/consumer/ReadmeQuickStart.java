package com.example.consumer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's quick start as a Java source file: its imports as written, its statements as the body of
 * {@code QuickStart.main}. Nothing is added, so a snippet that a user could not paste and compile fails here.
 */
final class ReadmeQuickStart {
    static final String CLASS_NAME = "QuickStart";

    private ReadmeQuickStart() {}

    static String source(Path readme) throws IOException {
        List<String> imports = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (String line : javaBlockUnder("## Quick start", readme)) {
            if (line.startsWith("import ")) {
                imports.add(line);
            } else {
                body.append("        ").append(line).append('\n');
            }
        }
        return String.join("\n", imports) + "\n\npublic class " + CLASS_NAME + " {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + body + "    }\n}\n";
    }

    /** The lines of the first ```java block after the heading that starts with {@code heading}. */
    private static List<String> javaBlockUnder(String heading, Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int at = 0;
        while (at < lines.size() && !lines.get(at).startsWith(heading)) {
            at++;
        }
        while (at < lines.size() && !lines.get(at).equals("```java")) {
            at++;
        }
        int end = at + 1;
        while (end < lines.size() && !lines.get(end).equals("```")) {
            end++;
        }
        if (end >= lines.size()) {
            throw new IllegalStateException(readme + ": no ```java block under a heading '" + heading + "'");
        }
        return lines.subList(at + 1, end);
    }
}
