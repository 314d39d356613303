package dev.filelock.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

/** README.md's properties table names every {@code file-lock.*} property the starter binds, and no other. */
class ReadmePropertiesTest {

    private static final Pattern README_ROW = Pattern.compile("(?m)^\\| `(file-lock\\.[^`]+)`");
    private static final Pattern METADATA_NAME = Pattern.compile("\"name\": \"(file-lock\\.[^\"]+)\"");

    @Test
    void theReadmeTableListsEveryPropertyAndNoOther() throws Exception {
        Set<String> bound = new TreeSet<>();
        Matcher metadata = METADATA_NAME.matcher(propertiesSectionOfTheMetadata());
        while (metadata.find()) {
            bound.add(metadata.group(1));
        }
        bound.remove("file-lock.locks");
        Arrays.stream(BeanUtils.getPropertyDescriptors(FileLockProperties.Lock.class))
                .filter(property -> property.getWriteMethod() != null)
                .forEach(property -> bound.add("file-lock.locks.<name>." + DataObjectPropertyName.toDashedForm(property.getName())));

        Set<String> documented = new TreeSet<>();
        Matcher row = README_ROW.matcher(Files.readString(Path.of("..", "README.md")));
        while (row.find()) {
            documented.add(row.group(1));
        }

        assertThat(documented)
                .as("README.md's \"Properties\" table: add a row `| `<property>` | <default> | <meaning> |` for each "
                        + "missing property, remove rows of properties that no longer exist")
                .containsExactlyInAnyOrderElementsOf(bound);
    }

    private String propertiesSectionOfTheMetadata() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int start = json.indexOf("\"properties\"");
            int end = json.indexOf("\"hints\"", start);
            return json.substring(start, end < 0 ? json.length() : end);
        }
    }
}
