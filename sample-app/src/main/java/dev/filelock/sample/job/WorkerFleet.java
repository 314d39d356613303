package dev.filelock.sample.job;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import dev.filelock.sample.worker.WorkerProtocol;

/**
 * The main job's workers, started, driven and destroyed together, within one deadline. What they
 * report goes into a {@link JobTally}; progress is printed while they run.
 */
final class WorkerFleet implements AutoCloseable {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private final List<WorkerProcess> workers = new ArrayList<>();
    private final BlockingQueue<WorkerProcess.Event> events = new LinkedBlockingQueue<>();
    private final JobTally tally;
    private final PrintStream out;
    private final Duration timeout;
    private final long deadline;
    private long totalRounds;

    private WorkerFleet(JobTally tally, PrintStream out, Duration timeout) {
        this.tally = tally;
        this.out = out;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /**
     * A whole run of workers: starts {@code count} of them (worker {@code i}, from 1, with
     * {@code arguments.apply(i)}), waits until they are up, prints {@code announcement}, has them run
     * {@code rounds} rounds over {@code locks} and exit, all within {@code timeout}. What went wrong
     * is added to {@code problems}, operations that failed in the workers included.
     */
    static void contend(int count, IntFunction<List<String>> arguments, String announcement, int rounds,
            List<String> locks, JobTally tally, PrintStream out, Duration timeout, List<String> problems) {
        try (WorkerFleet workers = start(count, arguments, tally, out, timeout)) {
            workers.awaitReady();
            out.print(announcement);
            workers.run(rounds, locks);
            problems.addAll(workers.exit());
        } catch (JobAbandonedException e) {
            problems.add(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted while waiting for the workers");
        }
        if (tally.failures() > 0 || !tally.errors().isEmpty()) {
            problems.add(tally.failures() + " operations failed in the workers"
                    + (tally.errors().isEmpty() ? "" : "; the first error: " + tally.errors().get(0)));
        }
    }

    /**
     * Starts {@code count} workers, named {@code w1}, {@code w2}, ..., worker {@code i} (from 1)
     * with {@code arguments.apply(i)}, all within {@code timeout}.
     */
    private static WorkerFleet start(int count, IntFunction<List<String>> arguments, JobTally tally, PrintStream out,
            Duration timeout) {
        WorkerFleet fleet = new WorkerFleet(tally, out, timeout);
        try {
            for (int i = 1; i <= count; i++) {
                fleet.workers.add(WorkerProcess.start("w" + i, arguments.apply(i), fleet.events));
            }
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
        out.printf("Started %d workers (pids %s); waiting until they are up%n", count, fleet.workers.stream()
                .map(worker -> Long.toString(worker.pid())).collect(Collectors.joining(", ")));
        return fleet;
    }

    /** Waits until every worker is up and reads commands. */
    private void awaitReady() throws InterruptedException {
        awaitFromAll(WorkerProtocol.READY);
    }

    /**
     * Has every worker run {@code rounds} rounds over {@code locks}, printing progress until all are
     * done. Every worker is idle on its input when the command goes out (after {@link #awaitReady()}
     * or the previous run), so the command is their start barrier: they begin together.
     */
    private void run(int rounds, List<String> locks) throws InterruptedException {
        totalRounds = (long) rounds * workers.size();
        String command = WorkerProtocol.RUN + " " + rounds + " " + String.join(",", locks);
        workers.forEach(worker -> worker.send(command));
        awaitFromAll(WorkerProtocol.DONE);
        printProgress();
    }

    /** Tells every worker to exit; what went wrong, one line per worker that did not exit with 0. */
    private List<String> exit() throws InterruptedException {
        workers.forEach(worker -> worker.send(WorkerProtocol.EXIT));
        List<String> problems = new ArrayList<>();
        for (WorkerProcess worker : workers) {
            OptionalInt code = worker.awaitExit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (code.isEmpty() || code.getAsInt() != 0) {
                String output = worker.lastOutput().isBlank() ? "" : "; its last output:\n" + worker.lastOutput();
                problems.add("worker " + worker.name() + " "
                        + (code.isEmpty() ? "did not exit" : "exited with " + code.getAsInt()) + output);
            }
        }
        return problems;
    }

    /** Destroys every worker still running. */
    @Override
    public void close() {
        workers.forEach(WorkerProcess::close);
    }

    /** Waits until every worker has sent {@code keyword}, handling whatever else they send meanwhile. */
    private void awaitFromAll(String keyword) throws InterruptedException {
        Set<WorkerProcess> arrived = new LinkedHashSet<>();
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        while (arrived.size() < workers.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new JobAbandonedException("gave up after sample.job.timeout=" + timeout + " waiting for "
                        + keyword + " from " + workers.stream().filter(worker -> !arrived.contains(worker))
                                .map(WorkerProcess::name).toList());
            }
            WorkerProcess.Event event = events.poll(Math.min(left, PROGRESS_EVERY.toNanos()), TimeUnit.NANOSECONDS);
            if (event != null) {
                if (event.message().keyword().equals(keyword)) {
                    arrived.add(event.worker());
                }
                handle(event);
            }
            if (totalRounds > 0 && tally.roundsDone() > 0 && System.nanoTime() >= nextProgress) {
                printProgress();
                nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
            }
        }
    }

    private void handle(WorkerProcess.Event event) {
        String worker = event.worker().name();
        WorkerProtocol.Message message = event.message();
        switch (message.keyword()) {
            case WorkerProtocol.PROGRESS -> tally.progress(worker, message.number(0));
            case WorkerProtocol.WAITS -> tally.waits(message.word(0), worker, WorkerProtocol.decodeWaits(message.word(1)));
            case WorkerProtocol.DONE -> tally.done(message.number(1));
            case WorkerProtocol.ERROR -> {
                String text = String.join(" ", message.words());
                out.println("  " + worker + " reports an error: " + text);
                tally.error(worker, text);
            }
            case WorkerProcess.EXITED -> throw new JobAbandonedException("worker " + worker + " (pid "
                    + event.worker().pid() + ") exited before it finished; its last output:\n"
                    + event.worker().lastOutput());
            default -> {
                // READY and anything newer need no bookkeeping.
            }
        }
    }

    private void printProgress() {
        out.printf("  progress: %d/%d rounds  %s%n", tally.roundsDone(), totalRounds, tally.progress().entrySet()
                .stream().map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", ", "[", "]")));
        out.flush();
    }
}
