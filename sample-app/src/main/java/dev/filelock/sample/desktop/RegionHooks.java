package dev.filelock.sample.desktop;

import static dev.filelock.sample.desktop.SwitchWindowState.BUSY;
import static dev.filelock.sample.desktop.SwitchWindowState.IDLE;
import static dev.filelock.sample.desktop.SwitchWindowState.STATE_OFFSET;
import static dev.filelock.sample.desktop.SwitchWindowState.SWITCHES_OFFSET;

import java.util.concurrent.atomic.AtomicReference;

import dev.filelock.core.SharedRegion;
import dev.filelock.spring.LockContext;
import dev.filelock.spring.LockHook;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hooks over the state byte of the small mmap regions ({@code switch-window}, {@code mouse-move}),
 * as the original tool wrote "1" on entry and "0" on exit. Like the original's
 * {@code prefix(mmap, *args)}, a hook sees the method's arguments: the reading hooks fill the box
 * the method was given.
 */
@Configuration(proxyBeanMethods = false)
public class RegionHooks {

    /**
     * Marks the region busy. Finding it busy already means someone else is inside without the lock,
     * which must never happen, unless this hold took over from a process that died inside.
     */
    @Bean
    LockHook markBusy() {
        return LockHook.onRegion(context -> {
            SharedRegion region = context.region();
            if (region.getByte(STATE_OFFSET) == BUSY && !context.recoveredFromCrash()) {
                throw new IllegalStateException("lock '" + context.lockName()
                        + "' is held by this thread, yet its region says another holder is busy");
            }
            region.putByte(STATE_OFFSET, BUSY);
        });
    }

    /** Marks the region idle. */
    @Bean
    LockHook markIdle() {
        return LockHook.onRegion(context -> context.region().putByte(STATE_OFFSET, IDLE));
    }

    /** Counts one completed window switch, then marks the region idle. */
    @Bean
    LockHook countSwitch() {
        return LockHook.onRegion(context -> {
            SharedRegion region = context.region();
            region.putLong(SWITCHES_OFFSET, region.getLong(SWITCHES_OFFSET) + 1);
            region.putByte(STATE_OFFSET, IDLE);
        });
    }

    /** Fills the method's {@code AtomicReference<SwitchWindowState>} argument from the region. */
    @Bean
    LockHook readSwitches() {
        return LockHook.onRegion(context -> {
            SharedRegion region = context.region();
            box(context).set(new SwitchWindowState(region.getByte(STATE_OFFSET) == BUSY,
                    region.getLong(SWITCHES_OFFSET)));
        });
    }

    /** Zeroes the switch counter and marks the region idle. */
    @Bean
    LockHook resetSwitches() {
        return LockHook.onRegion(context -> {
            context.region().putLong(SWITCHES_OFFSET, 0);
            context.region().putByte(STATE_OFFSET, IDLE);
        });
    }

    @SuppressWarnings("unchecked")
    static <T> AtomicReference<T> box(LockContext context) {
        return (AtomicReference<T>) context.arguments()[0];
    }
}
