package dev.filelock.spring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.env.Environment;

import dev.filelock.spring.FileLockConfigurationException;
import dev.filelock.spring.FileLockConfigurationException.Problem;

/**
 * Refuses a misspelled property under {@code file-lock.*}, which Boot's binding would silently
 * ignore so that a default takes its place: binds the properties again with Boot's
 * {@link NoUnboundElementsBindHandler} and names each unbound key, the known ones and the closest.
 */
final class UnknownProperties {

    private static final String PREFIX = "file-lock";

    private UnknownProperties() {
    }

    /** @throws FileLockConfigurationException naming every property under {@code file-lock} that nothing reads */
    static void refuse(Environment environment) {
        try {
            Binder.get(environment).bind(PREFIX, Bindable.of(FileLockProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
        } catch (BindException e) {
            if (!(e.getCause() instanceof UnboundConfigurationPropertiesException unbound)) {
                return; // Not ours to report: the properties bean's own binding says what is wrong.
            }
            List<Problem> problems = new ArrayList<>();
            for (ConfigurationProperty property : unbound.getUnboundProperties()) {
                // Relaxed binding also files FILELOCK_* environment variables and filelock.* under
                // file-lock: refuse only what was written as file-lock.*, where a typo is a typo.
                if (property.getName().getElement(0, Form.ORIGINAL).equals(PREFIX)) {
                    problems.add(problem(property));
                }
            }
            if (!problems.isEmpty()) {
                throw new FileLockConfigurationException(problems);
            }
        }
    }

    private static Problem problem(ConfigurationProperty property) {
        String name = property.getName().toString();
        boolean inLock = name.startsWith(PREFIX + ".locks.") && property.getName().getNumberOfElements() > 3;
        String prefix = inLock ? PREFIX + ".locks." + property.getName().getElement(2, Form.ORIGINAL) + "." : PREFIX + ".";
        Set<String> known = names(inLock ? FileLockProperties.Lock.class : FileLockProperties.class);
        String last = property.getName().getLastElement(Form.DASHED);
        String closest = known.stream().min(Comparator.comparingInt(candidate -> distance(candidate, last))).orElse("");
        String origin = property.getOrigin() == null ? "" : " (" + property.getOrigin() + ")";
        return new Problem("Unknown property " + name + origin + ": nothing reads it, so a default would apply instead",
                "Did you mean " + prefix + closest + "? Known properties: " + known.stream().map(k -> prefix + k).toList());
    }

    private static Set<String> names(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            if (descriptor.getWriteMethod() != null) {
                // The form Boot's JavaBean binding itself gives the property.
                names.add(DataObjectPropertyName.toDashedForm(descriptor.getName()));
            }
        }
        return names;
    }

    /** Levenshtein distance: how many single-character edits turn {@code a} into {@code b}. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
