package dev.filelock.sample.desktop;

import dev.filelock.spring.FileLocked;
import org.springframework.stereotype.Service;

/**
 * Runs scripts in browser tabs under the {@code js-execute} lock, split by tab: scripts in one tab
 * run one at a time on this machine, scripts in different tabs run side by side.
 */
@Service
public class ScriptRunner {

    /** Runs {@code script} in {@code tab}; returns what ran where. */
    @FileLocked(name = "js-execute", key = "#tab")
    public String execute(String tab, String script) {
        return "ran " + script.length() + " characters of script in tab " + tab + " (pid " + ProcessHandle.current().pid() + ")";
    }
}
