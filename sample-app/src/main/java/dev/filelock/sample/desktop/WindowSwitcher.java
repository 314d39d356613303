package dev.filelock.sample.desktop;

import java.util.concurrent.atomic.AtomicReference;

import dev.filelock.spring.FileLocked;
import org.springframework.stereotype.Service;

/**
 * Window switching under the {@code switch-window} mmap lock. The lock's declared hooks
 * ({@code markBusy}, {@code markIdle}) keep its state byte; the methods override the suffix or
 * prefix where they need more.
 */
@Service
public class WindowSwitcher {

    /**
     * Switches to a window; the {@code countSwitch} suffix counts the switch in the shared region.
     *
     * @return {@link System#nanoTime()} when the method body started
     */
    @FileLocked(name = "switch-window", suffix = "countSwitch")
    public long switchTo(String title) {
        return System.nanoTime();
    }

    /**
     * The region's state and switch count, read under the lock by the {@code readSwitches} prefix
     * into {@code into} (pass an empty one).
     */
    @FileLocked(name = "switch-window", prefix = "readSwitches")
    public SwitchWindowState state(AtomicReference<SwitchWindowState> into) {
        return into.get();
    }

    /** Zeroes the switch count. */
    @FileLocked(name = "switch-window", prefix = "resetSwitches")
    public void reset() {
        // The prefix does the work in the region.
    }
}
