package dev.filelock.spring;

import java.util.Objects;

/**
 * Code run under a {@link FileLocked} lock: as a {@code prefix}, right after the lock is acquired,
 * or as a {@code suffix}, right before it is released (also when the method threw). Declare one as
 * a bean and name it in the annotation or in {@code application.yml}:
 * <pre>{@code
 * @Bean
 * LockHook audit() {
 *     return context -> log.info("{} holds {}", context.method().getName(), context.lockName());
 * }
 * }</pre>
 * A hook that uses an {@code mmap} lock's region is made with {@link #onRegion(LockHook)}, so that
 * attaching it to a {@code file} lock is refused at start-up. The lock is released whatever a hook does. A prefix that throws stops the call: the method does
 * not run, the suffix does not run, and the hook's exception reaches the caller. A suffix that
 * throws after the method threw is added to the method's exception as suppressed; the method's
 * exception is never hidden.
 */
@FunctionalInterface
public interface LockHook {

    /** Runs the hook with the lock held by the current thread. */
    void run(LockContext context);

    /**
     * Whether this hook uses the shared region of an {@code mmap} lock. Such a hook attached to a
     * {@code file} lock, which has no region, stops the start-up. Hooks made with
     * {@link #onRegion(LockHook)} say so; a plain lambda does not, and calling
     * {@link LockContext#region()} on a {@code file} lock throws when it runs.
     */
    default boolean usesRegion() {
        return false;
    }

    /**
     * Marks {@code hook} as one that uses the shared region, so that attaching it to a {@code file}
     * lock is caught at start-up instead of at the first call:
     * <pre>{@code
     * @Bean
     * LockHook markBusy() {
     *     return LockHook.onRegion(context -> context.region().putString(0, "1"));
     * }
     * }</pre>
     */
    static LockHook onRegion(LockHook hook) {
        Objects.requireNonNull(hook, "hook must not be null");
        return new LockHook() {

            @Override
            public void run(LockContext context) {
                hook.run(context);
            }

            @Override
            public boolean usesRegion() {
                return true;
            }
        };
    }
}
