package dev.filelock.sample.desktop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import dev.filelock.sample.SampleProperties;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.OnTimeout;
import org.springframework.stereotype.Service;

/**
 * Typing, a job of which one run at a time on this machine is enough: a process that finds the
 * {@code input} lock taken skips it instead of waiting. Every run writes a start and an end line to
 * the journal, so anyone can check that no two runs overlapped.
 */
@Service
public class KeyboardInput {

    private final Path journal;

    public KeyboardInput(SampleProperties properties) {
        this.journal = properties.journalFile();
    }

    /**
     * Types unless another process is typing, running {@code whileTyping} between the journal's
     * start and end lines.
     *
     * @return {@code who}, or empty when the run was skipped
     */
    @FileLocked(name = "input", timeout = "0s", onTimeout = OnTimeout.SKIP)
    public Optional<String> type(String who, Runnable whileTyping) {
        append("start " + who);
        try {
            whileTyping.run();
        } finally {
            append("end " + who);
        }
        return Optional.of(who);
    }

    public Path journal() {
        return journal;
    }

    private void append(String line) {
        try {
            Files.createDirectories(journal.getParent());
            Files.writeString(journal, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + journal, e);
        }
    }
}
