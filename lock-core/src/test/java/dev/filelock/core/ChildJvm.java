package dev.filelock.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real child process for cross-process tests, the way Lucene tests its lock factories: a JVM
 * started from {@code java.home} with this JVM's class path, or any other command. Its output
 * (stdout and stderr merged) is read line by line so a test can wait for a line with a bounded
 * wait instead of sleeping; {@link #close()} destroys it forcibly, so use try-with-resources.
 */
public final class ChildJvm implements AutoCloseable {

    /** Generous: the machine is shared and may be slow; a healthy child answers in well under a second. */
    public static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;

    private ChildJvm(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::pump, "child-" + process.pid() + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} in a new JVM with this JVM's class path. */
    public static ChildJvm java(Class<?> main, Object... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return command(command);
    }

    /** Starts any command, e.g. {@code flock(1)} or {@code python3}. */
    public static ChildJvm command(List<String> command) {
        try {
            return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Waits for the next line that starts with {@code prefix}, skipping others; fails after {@link #WAIT}. */
    public String awaitLine(String prefix) {
        return awaitLine(prefix, WAIT);
    }

    /**
     * Waits for the next line that starts with {@code prefix}, skipping others; fails after
     * {@code wait}, for a child that must start other JVMs before it answers.
     */
    public String awaitLine(String prefix, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("child " + pid() + " printed no line starting with '" + prefix
                            + "' within " + wait + "; alive=" + process.isAlive() + ", output:\n" + output());
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for child output", e);
        }
    }

    /** Sends one line to the child's standard input. */
    public void send(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to child " + pid(), e);
        }
    }

    /** Waits for the child to exit and returns its exit code; fails after {@link #WAIT}. */
    public int awaitExit() {
        try {
            if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("child " + pid() + " did not exit within " + WAIT + "; output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for child exit", e);
        }
    }

    /** Waits for a successful exit, failing with the child's output otherwise. */
    public void awaitSuccess() {
        int code = awaitExit();
        if (code != 0) {
            throw new AssertionError("child " + pid() + " exited with " + code + "; output:\n" + output());
        }
    }

    /** Kills the child as {@code kill -9} does, and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** Everything the child printed so far. */
    public synchronized String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (this) {
                    output.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // The child is gone; what it printed is kept.
        }
    }
}
