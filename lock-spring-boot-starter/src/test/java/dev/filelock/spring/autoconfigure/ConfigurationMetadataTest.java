package dev.filelock.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import dev.filelock.spring.DeclaredLock;

/** What the jar registers and documents for Spring Boot and IDEs. */
class ConfigurationMetadataTest {

    @Test
    void everyFileLockPropertyIsDocumentedInTheGeneratedMetadata() throws Exception {
        String metadata = read("META-INF/spring-configuration-metadata.json");
        for (String property : List.of("enabled", "directory", "default-timeout", "aspect-order", "advice-mode",
                "shutdown-timeout", "locks")) {
            assertThat(metadata).contains("\"name\": \"file-lock." + property + "\"");
        }
        assertThat(metadata).doesNotContain("\"description\": \"\"");
        assertThat(metadata).contains("\"name\": \"file-lock.locks.values.type\"", "\"value\": \"mmap\"", "\"value\": \"aspectj\"",
                "\"name\": \"file-lock.locks.values.protocol\"", "\"value\": \"python\"");
    }

    @Test
    void theDocumentedDefaultAspectOrderIsTheConstant() throws Exception {
        String metadata = read("META-INF/spring-configuration-metadata.json");
        assertThat(metadata).containsPattern("\"name\": \"file-lock.aspect-order\",[^}]*\"defaultValue\": "
                + FileLockProperties.DEFAULT_ASPECT_ORDER + "\\s*}");
    }

    @Test
    void theDocumentedDefaultMaxKeysIsTheConstant() throws Exception {
        String metadata = read("META-INF/spring-configuration-metadata.json");
        assertThat(metadata).containsPattern("\"name\": \"file-lock.locks.values.max-keys\",\\s*\"values\": \\[\\s*\\{\\s*"
                + "\"value\": " + DeclaredLock.DEFAULT_MAX_KEYS + ",\\s*\"description\": \"The default\\.");
    }

    @Test
    void theAutoConfigurationsAndTheFailureAnalyzerAreRegistered() {
        List<String> autoConfigurations = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates();
        assertThat(autoConfigurations).contains(FileLockAutoConfiguration.class.getName(),
                FileLockMetricsAutoConfiguration.class.getName(), FileLockEndpointAutoConfiguration.class.getName(),
                FileLockHealthAutoConfiguration.class.getName());
        assertThat(SpringFactoriesLoader.loadFactoryNames(FailureAnalyzer.class, getClass().getClassLoader()))
                .contains(FileLockFailureAnalyzer.class.getName());
    }

    private String read(String resource) throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
