package dev.filelock.spring.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.filelock.spring.FileLockConfigurationException;
import dev.filelock.spring.FileLockConfigurationException.Problem;

/** Prints a {@link FileLockConfigurationException} as what is wrong and how to fix it. */
class FileLockFailureAnalyzer extends AbstractFailureAnalyzer<FileLockConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FileLockConfigurationException cause) {
        List<Problem> problems = cause.problems();
        if (problems.size() == 1) {
            return new FailureAnalysis(problems.get(0).what() + ".", problems.get(0).fix() + ".", cause);
        }
        String description = "The file-lock configuration has " + problems.size() + " problems:\n"
                + problems.stream().map(p -> "  - " + p.what() + ".").collect(Collectors.joining("\n"));
        String action = problems.stream().map(p -> "  - " + p.fix() + ".").collect(Collectors.joining("\n"));
        return new FailureAnalysis(description, "Fix each in turn:\n" + action, cause);
    }
}
