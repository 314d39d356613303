package dev.filelock.spring;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The file-lock configuration or an {@link FileLocked} use is wrong: thrown at start-up with every
 * problem found, each saying what is wrong and how to fix it. Spring Boot's failure analysis prints
 * it as a description and an action.
 */
public class FileLockConfigurationException extends RuntimeException {

    /**
     * One thing that is wrong.
     *
     * @param what what is wrong, naming the property, lock, method or bean
     * @param fix  how to fix it
     */
    public record Problem(String what, String fix) {
    }

    private final transient List<Problem> problems;

    public FileLockConfigurationException(List<Problem> problems) {
        this(problems, null);
    }

    public FileLockConfigurationException(List<Problem> problems, Throwable cause) {
        super(message(problems), cause);
        this.problems = List.copyOf(problems);
    }

    public FileLockConfigurationException(String what, String fix) {
        this(List.of(new Problem(what, fix)));
    }

    /** Every problem found, in the order found. */
    public List<Problem> problems() {
        return problems;
    }

    private static String message(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).what() + ". " + problems.get(0).fix();
        }
        return problems.size() + " file-lock configuration problems:\n" + problems.stream()
                .map(p -> " - " + p.what() + ". " + p.fix())
                .collect(Collectors.joining("\n"));
    }
}
