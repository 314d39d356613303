package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockedSequenceTest {

    private final List<String> ran = new ArrayList<>();

    private LockedSequence.Step step(String name) {
        return () -> ran.add(name);
    }

    private LockedSequence.Step failing(String name, RuntimeException e) {
        return () -> {
            ran.add(name);
            throw e;
        };
    }

    @Test
    void runsPrefixBodySuffixThenReleaseAndReturnsTheBodysResult() throws Throwable {
        String result = LockedSequence.run(step("prefix"), () -> {
            ran.add("body");
            return "done";
        }, step("suffix"), step("release"));

        assertThat(result).isEqualTo("done");
        assertThat(ran).containsExactly("prefix", "body", "suffix", "release");
    }

    @Test
    void aFailingPrefixStopsTheCallButStillReleases() {
        IllegalStateException prefixFailure = new IllegalStateException("prefix");

        assertThatThrownBy(() -> LockedSequence.run(failing("prefix", prefixFailure), () -> ran.add("body"),
                step("suffix"), step("release"))).isSameAs(prefixFailure);
        assertThat(ran).containsExactly("prefix", "release");
    }

    @Test
    void aFailingBodyStillRunsTheSuffixAndKeepsItsFailureSuppressed() {
        IllegalStateException bodyFailure = new IllegalStateException("body");
        IllegalStateException suffixFailure = new IllegalStateException("suffix");
        LockLostException lost = new LockLostException("lost");

        assertThatThrownBy(() -> LockedSequence.run(null, () -> {
            ran.add("body");
            throw bodyFailure;
        }, failing("suffix", suffixFailure), failing("release", lost))).isSameAs(bodyFailure);
        assertThat(ran).containsExactly("body", "suffix", "release");
        assertThat(bodyFailure.getSuppressed()).containsExactly(suffixFailure, lost);
    }

    @Test
    void aFailingReleaseIsThrownWhenEverythingElseSucceeded() {
        LockLostException lost = new LockLostException("lost");

        assertThatThrownBy(() -> LockedSequence.run(step("prefix"), () -> "result", step("suffix"),
                failing("release", lost))).isSameAs(lost);
        assertThat(ran).containsExactly("prefix", "suffix", "release");
    }

    @Test
    void aFailingSuffixAfterASuccessfulBodyIsThrownAndTheLockReleased() {
        IllegalStateException suffixFailure = new IllegalStateException("suffix");

        assertThatThrownBy(() -> LockedSequence.run(null, () -> ran.add("body"), failing("suffix", suffixFailure),
                step("release"))).isSameAs(suffixFailure);
        assertThat(ran).containsExactly("body", "suffix", "release");
        assertThat(suffixFailure.getSuppressed()).isEmpty();
    }

    @Test
    void withoutHooksTheBodyRunsOnItsArgumentThenTheHoldIsReleased() throws Throwable {
        String result = LockedSequence.run("argument", argument -> {
            ran.add("body " + argument);
            return "done";
        }, "hold", hold -> ran.add("release " + hold));
        assertThat(result).isEqualTo("done");
        assertThat(ran).containsExactly("body argument", "release hold");
    }

    @Test
    void withoutHooksAFailingBodyIsThrownWithTheReleasesFailureSuppressed() {
        IllegalStateException body = new IllegalStateException("body");
        IllegalStateException release = new IllegalStateException("release");
        assertThatThrownBy(() -> LockedSequence.run("argument", argument -> {
            throw body;
        }, "hold", hold -> {
            throw release;
        })).isSameAs(body).satisfies(thrown -> assertThat(thrown.getSuppressed()).containsExactly(release));
    }

    @Test
    void withoutHooksAReleaseRethrowingTheBodysFailureDoesNotHideIt() {
        IllegalStateException body = new IllegalStateException("body");
        assertThatThrownBy(() -> LockedSequence.run("argument", argument -> {
            throw body;
        }, "hold", hold -> {
            throw body;
        })).isSameAs(body).satisfies(thrown -> assertThat(thrown.getSuppressed()).isEmpty());
    }

    @Test
    void withoutHooksAFailingReleaseAfterASuccessfulBodyIsThrown() {
        IllegalStateException release = new IllegalStateException("release");
        assertThatThrownBy(() -> LockedSequence.run("argument", argument -> "done", "hold", hold -> {
            throw release;
        })).isSameAs(release);
    }
}
