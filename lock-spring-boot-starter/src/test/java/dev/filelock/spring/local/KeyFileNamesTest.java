package dev.filelock.spring.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyFileNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../../etc/passwd", "/etc/passwd", "a/../../b", "C:\\Windows", "nul\0byte", ".hidden", "~", ""})
    void noKeyEscapesTheKeyFolder(String key) {
        Path folder = Path.of("/locks/orders.lock.keys");
        Path file = folder.resolve(KeyFileNames.of(key)).normalize();
        assertThat(file.getParent()).isEqualTo(folder);
        assertThat(file.getFileName().toString()).doesNotContain("/", "\\", "\0").isNotIn(".", "..");
    }

    @Test
    void keepsReadableKeysAsTheyAre() {
        assertThat(KeyFileNames.of("order-42_v1.2")).isEqualTo("order-42_v1.2");
    }

    @Test
    void differentKeysNeverShareAFile() {
        List<String> keys = List.of("a/b", "a_b", "a%2Fb", "a b", "é", "e", "", "%empty", ".x", "%2Ex", "x".repeat(500), "x".repeat(501));
        Set<String> names = new HashSet<>();
        for (String key : keys) {
            names.add(KeyFileNames.of(key));
        }
        assertThat(names).hasSameSizeAs(keys);
    }

    @Test
    void longKeysAreShortenedWithAHashOfTheWholeKey() {
        String name = KeyFileNames.of("k".repeat(10_000));
        assertThat(name).hasSizeLessThanOrEqualTo(KeyFileNames.MAX_LENGTH).contains("~");
    }
}
