package dev.filelock.sample.job;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

/**
 * A job that runs once at start-up, prints the table of what it found and exits non-zero when
 * anything was wrong: what {@link MainJob} and {@link TwoMachinesJob} share.
 */
public abstract class SelfCheckingJob implements ApplicationRunner, ExitCodeGenerator {

    final PrintStream out = System.out;
    private JobOutcome outcome;

    SelfCheckingJob() {
    }

    @Override
    public void run(ApplicationArguments args) {
        outcome = execute();
        out.print(ResultTable.render(outcome));
        out.flush();
    }

    @Override
    public int getExitCode() {
        return outcome != null && outcome.ok() ? 0 : 1;
    }

    /** What the last run found; empty before it ends. */
    public Optional<JobOutcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** The job itself: everything it found wrong is in the outcome's problems. */
    abstract JobOutcome execute();

    /** Runs {@code action}; when it throws, says so in {@code problems}. */
    static void attempt(String what, Runnable action, List<String> problems) {
        readObject(what, () -> {
            action.run();
            return null;
        }, problems);
    }

    /** What {@code reader} reads; empty, and said in {@code problems}, when it throws. */
    static OptionalLong read(String what, Supplier<Long> reader, List<String> problems) {
        Long value = readObject(what, reader, problems);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** What {@code reader} reads; null, and said in {@code problems}, when it throws. */
    static <T> T readObject(String what, Supplier<T> reader, List<String> problems) {
        try {
            return reader.get();
        } catch (RuntimeException e) {
            problems.add("cannot " + what + ": " + e);
            return null;
        }
    }
}
