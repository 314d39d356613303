package dev.filelock.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.filelock.spring.FileLockConfigurationException;

/** A start-up mistake is explained by the starter's failure analyzer on this Boot generation too. */
@ExtendWith(OutputCaptureExtension.class)
class StartUpFailureOnThisBootTest {

    @Test
    void anUndeclaredLockIsExplainedWithWhatToDo(@TempDir Path dir, CapturedOutput output) {
        // CompatApplication's @FileLocked("counter") names a lock this configuration does not declare.
        assertThatThrownBy(() -> new SpringApplicationBuilder(CompatApplication.class)
                .web(WebApplicationType.NONE)
                .properties("file-lock.directory=" + dir, "file-lock.locks.other.type=file")
                .run().close())
                .isInstanceOf(FileLockConfigurationException.class);
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("names lock 'counter', which is not declared")
                .contains("Declare it under file-lock.locks.counter");
    }
}
