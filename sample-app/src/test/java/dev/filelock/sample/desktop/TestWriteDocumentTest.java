package dev.filelock.sample.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TestWriteDocumentTest {

    @Test
    void eachWriteCountsItsWriterAndRemembersTheGeneration() {
        TestWriteDocument document = TestWriteDocument.empty()
                .afterWrite("w1", 3).afterWrite("w2", 4).afterWrite("w1", 9);

        assertThat(document).isEqualTo(new TestWriteDocument(3, "w1", 9, Map.of("w1", 2L, "w2", 1L)));
    }

    @Test
    void aWriteUnderAnOlderGenerationIsRefused() {
        TestWriteDocument document = TestWriteDocument.empty().afterWrite("w1", 5);

        assertThatIllegalStateException().isThrownBy(() -> document.afterWrite("w2", 5))
                .withMessageContaining("generation 5 is not after 5");
    }

    @Test
    void itSurvivesAJsonRoundTripAndFitsTheRegionForSixteenWriters() {
        JsonMapper json = JsonMapper.builder().build();
        TestWriteDocument document = TestWriteDocument.empty();
        for (int i = 1; i <= 16; i++) {
            document = document.afterWrite("w" + i, 1_000_000_000L + i);
        }

        String text = json.writeValueAsString(document);

        assertThat(json.readValue(text, TestWriteDocument.class)).isEqualTo(document);
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).as("region of 1000 bytes less a 4-byte length")
                .isLessThanOrEqualTo(996);
    }
}
