package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Only the reference backend is on the kernels module's class path. */
class BackendsTest {

    @Test
    void referenceIsFoundThroughServiceLoader() {
        assertEquals(1, Backends.all().size(), "backends: " + Backends.all());
        Backend reference = Backends.get("reference");
        assertInstanceOf(ReferenceBackend.class, reference);
        assertEquals(10, reference.priority());
        assertTrue(reference.isAvailable());
        assertEquals(reference, Backends.get("  Reference "), "names are trimmed and case-insensitive");
        assertEquals(1, Backends.available().size());
    }

    @Test
    void unknownNameListsTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.get("nope"));
        assertEquals("no backend named 'nope'; on the class path: reference", e.getMessage());
    }

    @Test
    void bestIsTheReferenceWhenItIsTheOnlyOne() {
        assertEquals("reference", Backends.best().name());
    }
}
