package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each Cochlea jar this project resolved is, on the module path, the module its manifest names: cochlea-cpu is
 * dev.cochlea.cpu. The JDK's own {@link ModuleFinder} decides, so a missing or malformed name fails here.
 */
class ModuleNamesTest {
    private static final Pattern COCHLEA_JAR = Pattern.compile("cochlea-([a-z]+)-[^" + Pattern.quote(File.separator)
            + "]*\\.jar$");

    @Test
    void everyCochleaJarHasItsAutomaticModuleName() {
        Set<String> seen = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Matcher jar = COCHLEA_JAR.matcher(entry);
            if (!jar.find()) {
                continue;
            }
            Set<ModuleReference> modules = ModuleFinder.of(Path.of(entry)).findAll();
            assertEquals(1, modules.size(), entry);
            assertEquals("dev.cochlea." + jar.group(1), modules.iterator().next().descriptor().name(), entry);
            seen.add(jar.group(1));
        }
        assertEquals(Set.of("core", "cpu", "kernels"), seen, "the Cochlea jars that core + cpu bring");
    }
}
