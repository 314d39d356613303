package dev.filelock.spring.aop;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

import dev.filelock.spring.FileLockConfigurationException.Problem;

/**
 * A {@code @FileLocked(key = ...)} expression: parsed, and its variables checked against the
 * method's parameters, at start-up; evaluated on every call.
 */
final class KeyExpression {

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();
    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    private final String source;
    private final Method method;
    private final Expression expression;

    private final ParameterNameDiscoverer names;

    private KeyExpression(String source, Method method, Expression expression) {
        this.source = source;
        this.method = method;
        this.expression = expression;
        this.names = new ResolvedNames(NAMES.getParameterNames(method));
    }

    /** The expression, or {@code null} with a problem added when it cannot work for this method. */
    static KeyExpression parse(String source, Method method, String where, List<Problem> problems) {
        Expression expression;
        try {
            expression = PARSER.parseExpression(source);
        } catch (ParseException e) {
            problems.add(new Problem("The key \"" + source + "\" of " + where + " is not a valid SpEL expression: "
                    + e.getSimpleMessage(), "Write it over the method's arguments, e.g. key = \"#" + firstName(method)
                    + "\", or key = \"#p0\" for the first argument"));
            return null;
        }
        Set<String> known = variables(method);
        List<String> unknown = new ArrayList<>();
        if (expression instanceof SpelExpression spel) {
            collectUnknown(spel.getAST(), known, unknown);
        }
        if (!unknown.isEmpty()) {
            String[] names = NAMES.getParameterNames(method);
            String hint = names == null && method.getParameterCount() > 0
                    ? "; parameter names are unknown because the class was compiled without -parameters: "
                    + "compile with -parameters or use #p0, #p1, ..."
                    : "; use one of " + known.stream().filter(v -> !v.equals("root") && !v.equals("this")).map(v -> "#" + v).toList();
            problems.add(new Problem("The key \"" + source + "\" of " + where + " refers to " + unknown
                    + ", which the method has no parameter for", "Refer to its arguments by name or position" + hint));
            return null;
        }
        return new KeyExpression(source, method, expression);
    }

    /**
     * The key for one call of the method locking {@code lock}: the expression's value as a string.
     *
     * @throws IllegalArgumentException naming the method, the lock and the expression when the
     *                                  expression fails or is null for these arguments
     */
    String evaluate(String lock, Object target, Object[] arguments) {
        Object value;
        try {
            value = expression.getValue(new MethodBasedEvaluationContext(target, method, arguments, names));
        } catch (EvaluationException e) {
            throw new IllegalArgumentException("The key \"" + source + "\" of lock '" + lock + "' on "
                    + method.toGenericString() + " failed for this call: " + e.getMessage()
                    + " (check the expression against the argument's type, and guard against null arguments)", e);
        }
        if (value == null) {
            throw new IllegalArgumentException("The key \"" + source + "\" of lock '" + lock + "' on "
                    + method.toGenericString()
                    + " is null for this call; a key must have a value (guard against null arguments before the call)");
        }
        return value.toString();
    }

    String source() {
        return source;
    }

    private static Set<String> variables(Method method) {
        Set<String> known = new LinkedHashSet<>();
        String[] names = NAMES.getParameterNames(method);
        if (names != null) {
            known.addAll(Arrays.asList(names));
        }
        for (int i = 0; i < method.getParameterCount(); i++) {
            known.add("p" + i);
            known.add("a" + i);
        }
        known.add("root");
        known.add("this");
        return known;
    }

    private static void collectUnknown(SpelNode node, Set<String> known, List<String> unknown) {
        if (node instanceof VariableReference) {
            String name = node.toStringAST().substring(1);
            if (!known.contains(name)) {
                unknown.add("#" + name);
            }
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            collectUnknown(node.getChild(i), known, unknown);
        }
    }

    private static String firstName(Method method) {
        String[] names = NAMES.getParameterNames(method);
        return names != null && names.length > 0 ? names[0] : "id";
    }

    /** The method's parameter names, looked up once instead of on every call. */
    private record ResolvedNames(String[] parameterNames) implements ParameterNameDiscoverer {

        @Override
        public String[] getParameterNames(Method method) {
            return parameterNames;
        }

        @Override
        public String[] getParameterNames(Constructor<?> constructor) {
            return null;
        }
    }
}
