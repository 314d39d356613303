package dev.filelock.sample.job;

import static dev.filelock.sample.worker.WorkerProtocol.JOB_LOCKS;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.filelock.sample.SampleProperties;
import dev.filelock.sample.desktop.ReportFile;
import dev.filelock.sample.desktop.SwitchWindowState;
import dev.filelock.sample.desktop.TestWriteDocument;
import dev.filelock.sample.desktop.TestWriter;
import dev.filelock.sample.desktop.WindowSwitcher;
import dev.filelock.spring.LockType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The main job, run by the default profile: a self-checking demonstration. It zeroes the shared
 * state, starts {@code sample.job.workers} worker processes of this application, lets them contend
 * for the {@code report}, {@code switch-window} and {@code test-write} locks for
 * {@code sample.job.operations} rounds each, then reads what they left behind under the same locks
 * and prints a table: expected against observed counts, lost updates, wait percentiles. Its exit
 * code is non-zero when anything is wrong.
 */
@Component
@Profile("!worker & !web & !redis")
public class MainJob extends SelfCheckingJob {

    private static final Map<String, LockType> TYPES = Map.of(
            "report", LockType.FILE, "switch-window", LockType.MMAP, "test-write", LockType.MMAP);

    private final SampleProperties.Job job;
    private final List<String> workerArguments;
    private final ReportFile report;
    private final WindowSwitcher switcher;
    private final TestWriter writer;

    public MainJob(SampleProperties properties, @Value("${file-lock.directory}") Path directory, ReportFile report,
            WindowSwitcher switcher, TestWriter writer) {
        this.job = properties.job();
        this.report = report;
        this.switcher = switcher;
        this.writer = writer;
        this.workerArguments = WorkerProcess.arguments(directory, properties.reportFile(), properties.journalFile());
    }

    @Override
    JobOutcome execute() {
        long started = System.nanoTime();
        List<String> problems = new ArrayList<>();
        reset(problems);
        JobTally tally = new JobTally();
        if (problems.isEmpty()) {
            contend(tally, problems);
        }
        List<LockRow> rows = observe(tally, problems);
        return new JobOutcome(job.workers(), job.operations(), rows, problems,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private void reset(List<String> problems) {
        attempt("reset report", report::reset, problems);
        attempt("reset switch-window", switcher::reset, problems);
        attempt("reset test-write", writer::reset, problems);
    }

    private void contend(JobTally tally, List<String> problems) {
        WorkerFleet.contend(job.workers(), worker -> workerArguments, String.format(
                "Each runs %d rounds; a round increments the report's counter line (file lock 'report'),%n"
                + "a counter in the 'switch-window' region and a JSON document in the 'test-write' region%n",
                job.operations()), job.operations(), JOB_LOCKS, tally, out, job.timeout(), problems);
    }

    private List<LockRow> observe(JobTally tally, List<String> problems) {
        OptionalLong reportCount = read("read report", report::count, problems);
        Optional<SwitchWindowState> switches = Optional.ofNullable(
                readObject("read switch-window", () -> switcher.state(new AtomicReference<>()), problems));
        Optional<TestWriteDocument> document = Optional.ofNullable(
                readObject("read test-write", () -> writer.document(new AtomicReference<>()), problems));
        switches.filter(SwitchWindowState::busy).ifPresent(state ->
                problems.add("switch-window's state byte still says busy after every worker left"));
        document.ifPresent(doc -> checkWriters(doc, tally, problems));
        List<LockRow> rows = new ArrayList<>();
        for (String lock : JOB_LOCKS) {
            OptionalLong observed = switch (lock) {
                case "report" -> reportCount;
                case "switch-window" -> switches.map(state -> OptionalLong.of(state.switches())).orElse(OptionalLong.empty());
                default -> document.map(doc -> OptionalLong.of(doc.writes())).orElse(OptionalLong.empty());
            };
            LockRow row = tally.row(lock, TYPES.get(lock), (long) job.workers() * job.operations(), observed, problems);
            row.lostUpdates().ifPresent(problems::add);
            rows.add(row);
        }
        return rows;
    }

    private void checkWriters(TestWriteDocument document, JobTally tally, List<String> problems) {
        for (int i = 1; i <= job.workers(); i++) {
            String worker = "w" + i;
            long recorded = document.byWriter().getOrDefault(worker, 0L);
            long completed = tally.completed("test-write", worker);
            if (recorded != completed) {
                problems.add("test-write's document records " + recorded + " writes by " + worker + ", which made "
                        + completed);
            }
        }
    }
}
