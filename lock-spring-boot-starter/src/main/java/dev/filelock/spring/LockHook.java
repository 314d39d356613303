package dev.filelock.spring;

/**
 * Code run under a {@link FileLocked} lock: as a {@code prefix}, right after the lock is acquired,
 * or as a {@code suffix}, right before it is released (also when the method threw). Declare one as
 * a bean and name it in the annotation or in {@code application.yml}:
 * <pre>{@code
 * @Bean
 * LockHook markBusy() {
 *     return context -> context.region().putString(0, "1");
 * }
 * }</pre>
 * The lock is released whatever a hook does. A prefix that throws stops the call: the method does
 * not run, the suffix does not run, and the hook's exception reaches the caller. A suffix that
 * throws after the method threw is added to the method's exception as suppressed; the method's
 * exception is never hidden.
 */
@FunctionalInterface
public interface LockHook {

    /** Runs the hook with the lock held by the current thread. */
    void run(LockContext context);
}
