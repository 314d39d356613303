package dev.filelock.spring.aop;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.filelock.spring.autoconfigure.FileLockProperties.AdviceMode;

/** Decides between Spring AOP proxies and an AspectJ-woven aspect ({@code file-lock.advice-mode}). */
final class AdviceModes {

    private AdviceModes() {
    }

    /** Whether the aspect is woven by AspectJ in this mode. */
    static boolean woven(AdviceMode mode) {
        return switch (mode) {
            case ASPECTJ -> true;
            case PROXY -> false;
            case AUTO -> aspectClassIsWoven();
        };
    }

    // AspectJ adds aspectOf() to an aspect class when it weaves it; javac does not.
    static boolean aspectClassIsWoven() {
        try {
            FileLockAspect.class.getMethod("aspectOf");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    static AdviceMode mode(ConditionContext context) {
        return Binder.get(context.getEnvironment()).bind("file-lock.advice-mode", AdviceMode.class).orElse(AdviceMode.AUTO);
    }

    /** Matches when the aspect is applied by proxies. */
    static final class Proxied extends ModeCondition {
        Proxied() {
            super(false);
        }
    }

    /** Matches when the aspect is woven by AspectJ. */
    static final class Woven extends ModeCondition {
        Woven() {
            super(true);
        }
    }

    /** Matches when {@code file-lock.advice-mode} decides for weaving, or for proxies. */
    private abstract static class ModeCondition extends SpringBootCondition {

        private final boolean matchesWoven;

        ModeCondition(boolean matchesWoven) {
            this.matchesWoven = matchesWoven;
        }

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            AdviceMode mode = mode(context);
            boolean woven = woven(mode);
            return new ConditionOutcome(woven == matchesWoven, "file-lock.advice-mode " + mode
                    + (woven ? ": the aspect is woven by AspectJ" : ": the aspect is applied by proxies"));
        }
    }
}
