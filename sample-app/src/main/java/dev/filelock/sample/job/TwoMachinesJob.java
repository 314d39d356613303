package dev.filelock.sample.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import dev.filelock.sample.SampleProperties;
import dev.filelock.sample.desktop.ReportFile;
import dev.filelock.spring.LockType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The {@code redis} profile's job: two "machines" — two worker processes, each with a lock
 * directory of its own — increment the counter line of one shared report file under the
 * {@code report} lock, {@code sample.job.operations} times each, in two legs:
 * <ol>
 * <li>{@code report} as the file lock it is declared as: each machine locks a file in its own
 * directory, which excludes nobody on the other, so updates are lost. That is the expected
 * outcome, shown as such; a leg that loses none fails the job, having shown nothing;</li>
 * <li>the same workers with {@code --file-lock.locks.report.type=redis} and nothing else changed:
 * no update may be lost.</li>
 * </ol>
 * Both workers are released together (the {@code run} command, sent when both are idle, is the
 * start barrier), and every increment keeps the value it read for {@code sample.report-dwell}
 * before writing it back, so that the two really interleave. Redis is the application's own
 * ({@code spring.data.redis.url}) or one started for the run ({@link JobRedis}).
 */
@Component
@Profile("redis & !worker")
public class TwoMachinesJob extends SelfCheckingJob {

    /** The lock both legs contend for. */
    public static final String LOCK = "report";

    /** How many machines the job simulates. */
    public static final int MACHINES = 2;

    private final SampleProperties.Job job;
    private final Duration dwell;
    private final Path directory;
    private final String redisUrl;
    private final ReportFile report;
    private final Path journalFile;

    public TwoMachinesJob(SampleProperties properties, @Value("${file-lock.directory}") Path directory,
            @Value("${spring.data.redis.url:}") String redisUrl, ReportFile report) {
        this.job = properties.job();
        this.dwell = properties.reportDwell();
        this.directory = directory.toAbsolutePath();
        this.redisUrl = redisUrl;
        this.report = report;
        this.journalFile = properties.journalFile();
    }

    /** The lock directory of machine {@code i} (from 1). */
    Path machine(int i) {
        return directory.resolve("machine-" + i);
    }

    @Override
    JobOutcome execute() {
        long started = System.nanoTime();
        List<String> problems = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<LockRow> rows = new ArrayList<>();
        out.printf(Locale.ROOT, "Two machines, simulated: worker w1 locks in %s, w2 in %s;%n"
                + "both add 1 to the count= line of %s, %d times each,%n"
                + "keeping the value read for %s before writing it back; released together.%n",
                machine(1), machine(2), report.file().toAbsolutePath(), job.operations(), dwell.toMillis() + "ms");

        out.printf("%nLeg 1: 'report' as the file lock it is declared as. Each machine locks its own file, which%n"
                + "excludes nobody on the other: updates are expected to be lost.%n");
        LockRow file = leg(LockType.FILE, List.of(), problems);
        rows.add(file);
        file.lostUpdates().ifPresentOrElse(
                lost -> expected.add(lost + " with a file lock on each machine: a file lock only excludes the"
                        + " processes that lock the same file, on one machine"),
                () -> file.observed().ifPresent(observed -> problems.add("the file lock lost no update although each"
                        + " machine locked a file of its own: the workers did not overlap, so this run showed"
                        + " nothing; run it again, or widen the window with --sample.report-dwell")));

        try (JobRedis redis = JobRedis.use(redisUrl)) {
            out.printf("%nLeg 2: the same workers with --file-lock.locks.report.type=redis and nothing else changed,%n"
                    + "on Redis at %s (%s): no update may be lost.%n", redis.url(), redis.source());
            LockRow leased = leg(LockType.REDIS, List.of("--file-lock.locks." + LOCK + ".type=redis",
                    "--spring.data.redis.url=" + redis.url()), problems);
            rows.add(leased);
            leased.lostUpdates().ifPresent(problems::add);
        } catch (RuntimeException e) {
            problems.add("the redis leg did not run: " + e.getMessage());
        }
        return new JobOutcome(MACHINES, job.operations(), rows, problems, expected,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** One leg: the shared counter zeroed, both machines' workers run, the counter read back. */
    private LockRow leg(LockType type, List<String> extraArguments, List<String> problems) {
        attempt("reset the shared report", report::reset, problems);
        JobTally tally = new JobTally();
        WorkerFleet.contend(MACHINES, i -> workerArguments(i, extraArguments), "", job.operations(), List.of(LOCK),
                tally, out, job.timeout(), problems);
        OptionalLong observed = read("read the shared report", report::count, problems);
        return tally.row(LOCK, type, (long) MACHINES * job.operations(), observed, problems);
    }

    private List<String> workerArguments(int machine, List<String> extraArguments) {
        List<String> arguments = new ArrayList<>(WorkerProcess.arguments(machine(machine), report.file(),
                machine(machine).resolve(journalFile.getFileName())));
        arguments.add("--sample.report-dwell=" + dwell.toMillis() + "ms");
        arguments.addAll(extraArguments);
        return arguments;
    }
}
