package dev.filelock.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.filelock.spring.FileLocked;

/** A small application as a user of the starter writes it, using only what every supported Boot has. */
@SpringBootApplication
public class CompatApplication {

    @Bean
    Counter counter() {
        return new Counter();
    }

    /** Read, then write back plus one: without mutual exclusion, concurrent callers lose updates. */
    public static class Counter {
        @FileLocked("counter")
        public void increment(Path file) {
            try {
                String text = Files.readString(file).trim();
                Files.writeString(file, Long.toString(Long.parseLong(text) + 1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
