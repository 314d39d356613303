package dev.filelock.stress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The verifier's book of who holds the lock, fed by the children's reports in the order the lock
 * gave it (each child waits for the answer to a report before it goes on). A kill in progress
 * holds back other acquisitions until the killed process is gone, so that the OS releasing a
 * dying process's lock is not mistaken for an overlap.
 */
final class Ledger {

    private static final int NOBODY = -1;
    private static final int MAX_FAILURE_MESSAGES = 20;
    private static final long KILL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Set<Long> killAt;
    private final int[] acquiredBySlot;
    private final List<Long> recoveryNanos = new ArrayList<>();
    private final List<Long> deathNanos = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private int holder = NOBODY;
    private long acquisitions;
    private long overlaps;
    private long nonHolderReleases;
    private int kills;
    private long interruptedWaits;
    private int failureCount;
    private boolean killInProgress;
    private long lastKillNanos;

    /** @param killAt the acquisition numbers (1-based, over the whole run) whose holder is killed */
    Ledger(int slots, Set<Long> killAt) {
        this.acquiredBySlot = new int[slots];
        this.killAt = killAt;
    }

    /** Records an acquisition by {@code slot}; true when its holder is to be killed now. */
    synchronized boolean acquired(int slot) {
        awaitKill();
        long now = System.nanoTime();
        if (holder != NOBODY) {
            overlaps++;
            fail("overlap: slot " + slot + " acquired the lock while slot " + holder + " held it (acquisition "
                    + (acquisitions + 1) + ")");
        }
        holder = slot;
        acquisitions++;
        acquiredBySlot[slot]++;
        if (lastKillNanos != 0) {
            recoveryNanos.add(now - lastKillNanos);
            lastKillNanos = 0;
        }
        if (killAt.contains(acquisitions)) {
            killInProgress = true;
            return true;
        }
        return false;
    }

    /** Records that {@code slot} is about to release. */
    synchronized void releasing(int slot) {
        if (holder != slot) {
            nonHolderReleases++;
            fail("release by a non-holder: slot " + slot + " released while "
                    + (holder == NOBODY ? "nobody" : "slot " + holder) + " held the lock");
        } else {
            holder = NOBODY;
        }
    }

    /** Records that the holder {@code slot}, sent a kill signal at {@code signalNanos}, is gone. */
    synchronized void killed(int slot, long signalNanos) {
        if (holder == slot) {
            holder = NOBODY;
        }
        kills++;
        deathNanos.add(System.nanoTime() - signalNanos);
        lastKillNanos = signalNanos;
        killInProgress = false;
        notifyAll();
    }

    /** Records that a child of {@code slot} disconnected; a failure if it held the lock. */
    synchronized void disconnected(int slot) {
        if (holder == slot) {
            holder = NOBODY;
            fail("slot " + slot + " disconnected while holding the lock");
        }
    }

    synchronized void interruptedWaits(int count) {
        interruptedWaits += count;
    }

    synchronized int acquiredBy(int slot) {
        return acquiredBySlot[slot];
    }

    synchronized void fail(String message) {
        failureCount++;
        if (failures.size() < MAX_FAILURE_MESSAGES) {
            failures.add(message);
        } else if (failures.size() == MAX_FAILURE_MESSAGES) {
            failures.add("... more failures left out");
        }
    }

    synchronized boolean hasFailed() {
        return failureCount > 0;
    }

    synchronized StressResult result(StressConfig config, long elapsedNanos) {
        return new StressResult(config, acquisitions, overlaps, nonHolderReleases, kills, interruptedWaits,
                sorted(recoveryNanos), sorted(deathNanos), List.copyOf(failures), Duration.ofNanos(elapsedNanos));
    }

    private static List<Long> sorted(List<Long> values) {
        List<Long> copy = new ArrayList<>(values);
        copy.sort(null);
        return List.copyOf(copy);
    }

    private void awaitKill() {
        long deadline = System.nanoTime() + KILL_WAIT_NANOS;
        while (killInProgress) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("a killed holder did not exit within " + TimeUnit.NANOSECONDS.toSeconds(KILL_WAIT_NANOS) + " s");
                killInProgress = false;
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
