package dev.filelock.sample.job;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import dev.filelock.sample.SampleApplication;
import dev.filelock.sample.worker.WorkerProtocol;
import dev.filelock.sample.worker.WorkerProtocol.Message;

/**
 * A worker: another process of this very application, started from {@code java.home} with this
 * JVM's class path and the {@code worker} profile. Its protocol lines go to the queue it was given;
 * its other output (logs, stack traces) is kept, the last lines of it, to explain a failure.
 * {@link #close()} destroys it.
 */
public final class WorkerProcess implements AutoCloseable {

    /** The message a worker's queue receives when its output ends: the process is gone. */
    public static final String EXITED = "EXITED";

    private static final int KEPT_LINES = 40;

    /** A message from a worker. */
    public record Event(WorkerProcess worker, Message message) {
    }

    private final String name;
    private final Process process;
    private final Writer commands;
    private final Deque<String> otherOutput = new ArrayDeque<>();

    private WorkerProcess(String name, Process process, BlockingQueue<Event> events) {
        this.name = name;
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> pump(events), "worker-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a worker named {@code name} with these application arguments
     * ({@code --key=value}); the {@code worker} profile is added.
     */
    public static WorkerProcess start(String name, List<String> applicationArguments, BlockingQueue<Event> events) {
        List<String> command = new ArrayList<>(javaCommand());
        command.add("--spring.profiles.active=worker");
        command.add("--sample.worker=" + name);
        command.addAll(applicationArguments);
        try {
            return new WorkerProcess(name, new ProcessBuilder(command).redirectErrorStream(true).start(), events);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + name + " with " + command, e);
        }
    }

    /**
     * A worker's application arguments: its lock directory, the files it updates, and quiet start-up
     * (its protocol lines are what the driver reads).
     */
    public static List<String> arguments(Path lockDirectory, Path reportFile, Path journalFile) {
        return List.of(
                "--file-lock.directory=" + lockDirectory.toAbsolutePath(),
                "--sample.report-file=" + reportFile.toAbsolutePath(),
                "--sample.journal-file=" + journalFile.toAbsolutePath(),
                "--spring.main.banner-mode=off",
                "--spring.main.log-startup-info=false",
                "--logging.level.root=WARN");
    }

    /**
     * How to start this application again: the same main class and class path, or the same jar when
     * it runs as an executable jar ({@code java -jar sample-app.jar}), whose classes a plain class
     * path cannot reach.
     */
    static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Workers are short-lived: quick start-up matters more than peak speed on a small machine.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        String classPath = System.getProperty("java.class.path");
        if (isExecutableJar(classPath)) {
            command.add("-jar");
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(SampleApplication.class.getName());
        }
        return command;
    }

    private static boolean isExecutableJar(String classPath) {
        if (!classPath.endsWith(".jar") || classPath.contains(File.pathSeparator)) {
            return false;
        }
        Path jar = Path.of(classPath);
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null && file.getManifest().getMainAttributes().getValue("Start-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** Sends one command line. */
    public void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send '" + command + "' to worker " + name + " (pid " + pid()
                    + "); it has probably exited:\n" + lastOutput(), e);
        }
    }

    /** Waits up to {@code timeout} for the worker to exit; its exit code, or empty if it is still running. */
    public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? OptionalInt.of(process.exitValue())
                : OptionalInt.empty();
    }

    /** The last lines the worker printed other than protocol lines. */
    public synchronized String lastOutput() {
        return String.join("\n", otherOutput);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump(BlockingQueue<Event> events) {
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                String received = line;
                WorkerProtocol.parse(received).ifPresentOrElse(
                        message -> events.add(new Event(this, message)),
                        () -> keep(received));
            }
        } catch (IOException e) {
            // The worker is gone; EXITED says so.
        }
        events.add(new Event(this, new Message(EXITED, List.of())));
    }

    private synchronized void keep(String line) {
        otherOutput.addLast(line);
        if (otherOutput.size() > KEPT_LINES) {
            otherOutput.removeFirst();
        }
    }
}
