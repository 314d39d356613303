package dev.filelock.sample.worker;

import static dev.filelock.sample.worker.WorkerProtocol.line;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.filelock.sample.SampleProperties;
import dev.filelock.sample.desktop.KeyboardInput;
import dev.filelock.sample.desktop.ReportFile;
import dev.filelock.sample.desktop.TestWriter;
import dev.filelock.sample.desktop.WindowSwitcher;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The {@code worker} profile: a process of the sample app that takes {@link WorkerProtocol}
 * commands on its standard input and contends for the locks through the {@code @FileLocked}
 * services, like any other instance of the app would. It ends on {@code exit} or when its input
 * closes; its exit code is non-zero if any operation failed.
 */
@Component
@Profile("worker")
public class WorkerRunner implements ApplicationRunner, ExitCodeGenerator {

    private static final int ERRORS_SHOWN = 5;

    private final String name;
    private final Map<String, LockedOperation> operations = new LinkedHashMap<>();
    private final KeyboardInput input;
    private int failures;

    public WorkerRunner(SampleProperties properties, ReportFile report, WindowSwitcher switcher, TestWriter writer,
            KeyboardInput input) {
        this.name = properties.worker();
        this.input = input;
        operations.put("report", () -> report.increment(name, properties.reportDwell()).enteredAt());
        operations.put("switch-window", () -> switcher.switchTo(name));
        operations.put("test-write", () -> writer.write(name));
    }

    /** One call of a locked method; returns {@link System#nanoTime()} when its body started. */
    @FunctionalInterface
    interface LockedOperation {
        long call() throws Exception;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        say(line(WorkerProtocol.READY, ProcessHandle.current().pid()));
        for (String command; (command = commands.readLine()) != null; ) {
            List<String> words = List.of(command.trim().split(" +"));
            if (words.get(0).equals(WorkerProtocol.EXIT)) {
                return;
            }
            try {
                execute(words, commands);
            } catch (RuntimeException e) {
                failures++;
                say(line(WorkerProtocol.ERROR, "'" + command + "' failed: " + e));
            }
        }
    }

    private void execute(List<String> words, BufferedReader commands) {
        switch (words.get(0)) {
            case WorkerProtocol.RUN -> run(Integer.parseInt(words.get(1)),
                    words.size() > 2 ? List.of(words.get(2).split(",")) : WorkerProtocol.JOB_LOCKS);
            case WorkerProtocol.TYPE -> typeOnce(() -> { });
            case WorkerProtocol.HOLD -> typeOnce(() -> holdUntilReleased(commands));
            case WorkerProtocol.TYPE_LOOP -> typeLoop(Integer.parseInt(words.get(1)));
            default -> throw new IllegalArgumentException("unknown command; see WorkerProtocol");
        }
    }

    @Override
    public int getExitCode() {
        return failures == 0 ? 0 : 1;
    }

    private void run(int rounds, List<String> locks) {
        for (String lock : locks) {
            if (!operations.containsKey(lock)) {
                throw new IllegalArgumentException("no operation for lock '" + lock + "'; use one of " + operations.keySet());
            }
        }
        Map<String, long[]> waits = new LinkedHashMap<>();
        Map<String, Integer> done = new LinkedHashMap<>();
        locks.forEach(lock -> {
            waits.put(lock, new long[rounds]);
            done.put(lock, 0);
        });
        int runFailures = 0;
        int step = Math.max(1, rounds / 10);
        for (int round = 1; round <= rounds; round++) {
            for (String lock : locks) {
                long calledAt = System.nanoTime();
                try {
                    long enteredAt = operations.get(lock).call();
                    int n = done.merge(lock, 1, Integer::sum);
                    waits.get(lock)[n - 1] = TimeUnit.NANOSECONDS.toMicros(enteredAt - calledAt);
                } catch (Exception e) {
                    if (runFailures++ < ERRORS_SHOWN) {
                        say(line(WorkerProtocol.ERROR, lock + ": " + e));
                    }
                }
            }
            if (round % step == 0 || round == rounds) {
                say(line(WorkerProtocol.PROGRESS, round));
            }
        }
        failures += runFailures;
        waits.forEach((lock, micros) -> say(line(WorkerProtocol.WAITS, lock,
                WorkerProtocol.encodeWaits(Arrays.copyOf(micros, done.get(lock))))));
        say(line(WorkerProtocol.DONE, rounds, runFailures));
    }

    private void typeOnce(Runnable whileTyping) {
        boolean ran = input.type(name, whileTyping).isPresent();
        say(line(ran ? WorkerProtocol.RAN : WorkerProtocol.SKIPPED));
    }

    private void typeLoop(int times) {
        int ran = 0;
        for (int i = 0; i < times; i++) {
            if (input.type(name, () -> { }).isPresent()) {
                ran++;
            }
        }
        say(line(WorkerProtocol.TYPED, ran, times - ran));
    }

    private void holdUntilReleased(BufferedReader commands) {
        say(line(WorkerProtocol.HOLDING));
        try {
            for (String command; (command = commands.readLine()) != null; ) {
                if (command.trim().equals(WorkerProtocol.RELEASE)) {
                    return;
                }
                say(line(WorkerProtocol.ERROR, "holding the input lock; only 'release' is accepted, not: " + command));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read commands", e);
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
