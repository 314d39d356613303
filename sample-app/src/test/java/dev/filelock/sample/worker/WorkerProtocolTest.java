package dev.filelock.sample.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerProtocolTest {

    @Test
    void aLineIsParsedBackIntoItsKeywordAndWords() {
        String line = WorkerProtocol.line(WorkerProtocol.WAITS, "report", WorkerProtocol.encodeWaits(new long[] {12, 40, 7}));

        WorkerProtocol.Message message = WorkerProtocol.parse(line).orElseThrow();

        assertThat(line).isEqualTo("@@ WAITS report 12,40,7");
        assertThat(message.keyword()).isEqualTo("WAITS");
        assertThat(message.words()).containsExactly("report", "12,40,7");
        assertThat(WorkerProtocol.decodeWaits(message.word(1))).containsExactly(12, 40, 7);
    }

    @Test
    void noWaitsTravelAsADash() {
        assertThat(WorkerProtocol.encodeWaits(new long[0])).isEqualTo("-");
        assertThat(WorkerProtocol.decodeWaits("-")).isEmpty();
    }

    @Test
    void logLinesAreNotMessages() {
        assertThat(WorkerProtocol.parse("2026-11-23 INFO Started SampleApplication")).isEmpty();
        assertThat(WorkerProtocol.parse("@@ DONE 300 0").orElseThrow().number(1)).isZero();
    }

    @Test
    void aMissingWordIsNamed() {
        WorkerProtocol.Message message = new WorkerProtocol.Message("DONE", List.of("300"));

        assertThatIllegalArgumentException().isThrownBy(() -> message.word(1)).withMessageContaining("'DONE' has no word 1");
    }
}
