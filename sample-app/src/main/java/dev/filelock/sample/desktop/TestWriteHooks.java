package dev.filelock.sample.desktop;

import dev.filelock.core.SharedRegion;
import dev.filelock.spring.LockContext;
import dev.filelock.spring.LockHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hooks that keep a {@link TestWriteDocument} as JSON in the {@code test-write} lock's region (a
 * length-prefixed UTF-8 string at offset 0). A document left unreadable by a holder that died is
 * replaced by an empty one; unreadable otherwise, it is an error.
 */
@Configuration(proxyBeanMethods = false)
public class TestWriteHooks {

    private static final int DOCUMENT_OFFSET = 0;
    private static final Logger log = LoggerFactory.getLogger(TestWriteHooks.class);

    private final JsonMapper json = JsonMapper.builder().build();

    /** Records one write by the method's first argument, the writer's name. */
    @Bean
    LockHook recordWrite() {
        return LockHook.onRegion(context -> {
            String writer = String.valueOf(context.arguments()[0]);
            store(context, load(context).afterWrite(writer, context.generation()));
        });
    }

    /** Fills the method's {@code AtomicReference<TestWriteDocument>} argument from the region. */
    @Bean
    LockHook readDocument() {
        return LockHook.onRegion(context -> RegionHooks.<TestWriteDocument>box(context).set(load(context)));
    }

    /** Starts an empty document. */
    @Bean
    LockHook resetDocument() {
        return LockHook.onRegion(context -> store(context, TestWriteDocument.empty()));
    }

    private TestWriteDocument load(LockContext context) {
        String text = context.region().getString(DOCUMENT_OFFSET);
        if (text.isEmpty()) {
            return TestWriteDocument.empty();
        }
        try {
            return json.readValue(text, TestWriteDocument.class);
        } catch (RuntimeException e) {
            if (!context.recoveredFromCrash()) {
                throw e;
            }
            // A holder died while writing it: the document may be half-written, so start again.
            log.warn("Lock '{}' was taken over from a process that died holding it and its JSON document is "
                    + "unreadable ({}); starting an empty one", context.lockName(), e.getMessage());
            return TestWriteDocument.empty();
        }
    }

    private void store(LockContext context, TestWriteDocument document) {
        SharedRegion region = context.region();
        region.putString(DOCUMENT_OFFSET, json.writeValueAsString(document));
    }
}
