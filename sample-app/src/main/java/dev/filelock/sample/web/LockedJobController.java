package dev.filelock.sample.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.filelock.sample.desktop.KeyboardInput;
import dev.filelock.sample.desktop.ReportFile;
import dev.filelock.sample.desktop.ScriptRunner;
import dev.filelock.sample.desktop.TestWriter;
import dev.filelock.sample.desktop.WindowSwitcher;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code web} profile's jobs: start two instances on different ports and call them at once to
 * watch them share the locks (docs/sample-app.md has the commands).
 */
@RestController
@RequestMapping("/jobs")
@Profile("web")
public class LockedJobController {

    private static final Duration LONGEST_HOLD = Duration.ofMinutes(1);

    private final Environment environment;
    private final ReportFile report;
    private final KeyboardInput input;
    private final WindowSwitcher switcher;
    private final TestWriter writer;
    private final ScriptRunner scripts;

    public LockedJobController(Environment environment, ReportFile report, KeyboardInput input,
            WindowSwitcher switcher, TestWriter writer, ScriptRunner scripts) {
        this.environment = environment;
        this.report = report;
        this.input = input;
        this.switcher = switcher;
        this.writer = writer;
        this.scripts = scripts;
    }

    /** Increments the report's counter, keeping the {@code report} lock for {@code hold}; waits for it if taken. */
    @PostMapping("/report")
    public Map<String, Object> report(@RequestParam(defaultValue = "2s") String hold) throws InterruptedException {
        long calledAt = System.nanoTime();
        ReportFile.Increment increment = report.increment(instance(), bounded(hold));
        return answer("count", increment.count(), "waitedMs",
                TimeUnit.NANOSECONDS.toMillis(increment.enteredAt() - calledAt));
    }

    /** Runs the exclusive job for {@code hold}, or skips it at once when another instance runs it. */
    @PostMapping("/type")
    public Map<String, Object> type(@RequestParam(defaultValue = "5s") String hold) {
        Duration dwell = bounded(hold);
        boolean ran = input.type(instance(), () -> pause(dwell)).isPresent();
        return answer("ran", ran);
    }

    /** Switches window and writes the test document (the two mmap locks' hooks at work). */
    @PostMapping("/switch")
    public Map<String, Object> switchWindow(@RequestParam(defaultValue = "main") String title) {
        switcher.switchTo(title);
        writer.write(instance());
        return state();
    }

    /** Runs a script in a tab: one lock per tab, through the lock's key. */
    @PostMapping("/script")
    public Map<String, Object> script(@RequestParam(defaultValue = "a") String tab) {
        return answer("result", scripts.execute(tab, "document.title"));
    }

    /** The shared state, each part read under its lock. */
    @GetMapping("/state")
    public Map<String, Object> state() {
        return answer("reportCount", report.count(), "switchWindow", switcher.state(new AtomicReference<>()),
                "testWrite", writer.document(new AtomicReference<>()));
    }

    private Map<String, Object> answer(Object... entries) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("instance", instance());
        answer.put("pid", ProcessHandle.current().pid());
        for (int i = 0; i < entries.length; i += 2) {
            answer.put((String) entries[i], entries[i + 1]);
        }
        return answer;
    }

    /** A bad {@code hold} or {@code tab} is the caller's mistake: 400 with what was wrong. */
    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public Map<String, Object> badRequest(IllegalArgumentException e) {
        return answer("error", e.getMessage());
    }

    /** This instance's name in the report and the documents: its port, known once the server runs. */
    private String instance() {
        return "port-" + environment.getProperty("local.server.port", "?");
    }

    private static Duration bounded(String text) {
        Duration hold = DurationStyle.detectAndParse(text);
        if (hold.isNegative() || hold.compareTo(LONGEST_HOLD) > 0) {
            throw new IllegalArgumentException("hold must be between 0s and 1m, not " + text);
        }
        return hold;
    }

    private static void pause(Duration dwell) {
        try {
            Thread.sleep(dwell.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
