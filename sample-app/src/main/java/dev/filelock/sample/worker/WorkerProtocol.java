package dev.filelock.sample.worker;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The lines a worker process and whoever drives it exchange. Commands go to the worker's standard
 * input, one a line; the worker answers on standard output with lines that start with
 * {@link #PREFIX}, so they stand out from its log lines.
 * <pre>
 * worker: @@ READY 4242                       the context is up, commands are read
 * driver: run 300 report,switch-window        300 rounds over the given locks (all when omitted)
 * worker: @@ PROGRESS 30                      rounds done so far, every tenth of the run
 * worker: @@ WAITS report 12,40,7,...         every wait for that lock, in microseconds
 * worker: @@ DONE 300 0                       rounds done, operations that failed
 * driver: type                                run the exclusive (SKIP) job once
 * worker: @@ RAN | @@ SKIPPED
 * driver: hold                                run the exclusive job until 'release'
 * worker: @@ HOLDING ... driver: release ... worker: @@ RAN
 * driver: type-loop 200                       run the exclusive job 200 times
 * worker: @@ TYPED 143 57                     runs, skips
 * driver: exit                                the worker's context closes, exit code 0
 * worker: @@ ERROR message                    an operation failed (the first few are shown)
 * </pre>
 */
public final class WorkerProtocol {

    public static final String PREFIX = "@@ ";

    public static final String READY = "READY";
    public static final String PROGRESS = "PROGRESS";
    public static final String WAITS = "WAITS";
    public static final String DONE = "DONE";
    public static final String RAN = "RAN";
    public static final String SKIPPED = "SKIPPED";
    public static final String HOLDING = "HOLDING";
    public static final String TYPED = "TYPED";
    public static final String ERROR = "ERROR";

    public static final String RUN = "run";
    public static final String TYPE = "type";
    public static final String HOLD = "hold";
    public static final String RELEASE = "release";
    public static final String TYPE_LOOP = "type-loop";
    public static final String EXIT = "exit";

    /** The locks a worker's {@code run} contends for, in the order of each round. */
    public static final List<String> JOB_LOCKS = List.of("report", "switch-window", "test-write");

    private WorkerProtocol() {
    }

    /** A worker's answer: a keyword and its words. */
    public record Message(String keyword, List<String> words) {

        /** The i-th word after the keyword. */
        public String word(int i) {
            if (i >= words.size()) {
                throw new IllegalArgumentException("'" + keyword + "' has no word " + i + ": " + words);
            }
            return words.get(i);
        }

        public long number(int i) {
            return Long.parseLong(word(i));
        }
    }

    /** The line for a message. */
    public static String line(String keyword, Object... words) {
        return PREFIX + keyword + Arrays.stream(words).map(word -> " " + word).collect(Collectors.joining());
    }

    /** The message on {@code line}; empty for any other line (a log line, a stack trace). */
    public static Optional<Message> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        List<String> words = List.of(line.substring(PREFIX.length()).trim().split(" +"));
        return Optional.of(new Message(words.get(0), words.subList(1, words.size())));
    }

    /** Waits in microseconds as one word: {@code 12,40,7}; {@code -} when there are none. */
    public static String encodeWaits(long[] micros) {
        return micros.length == 0 ? "-"
                : Arrays.stream(micros).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    public static long[] decodeWaits(String word) {
        return word.equals("-") ? new long[0] : Arrays.stream(word.split(",")).mapToLong(Long::parseLong).toArray();
    }
}
