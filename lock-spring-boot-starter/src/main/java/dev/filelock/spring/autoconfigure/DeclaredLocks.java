package dev.filelock.spring.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLockConfigurationException;
import dev.filelock.spring.FileLockConfigurationException.Problem;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockProvider;
import dev.filelock.spring.LockType;
import dev.filelock.spring.NamedLock;
import dev.filelock.spring.local.LocalLockProviders;

/**
 * The declared locks of one application context, each served by the {@link LockProvider} of its
 * type. Each declared lock is opened when this is made, so that a lock that cannot be used stops
 * the start-up rather than the first call.
 */
final class DeclaredLocks implements FileLocks {

    private final Map<String, DeclaredLock> declarations = new LinkedHashMap<>();
    private final Map<String, NamedLock> locks = new LinkedHashMap<>();
    private final Map<LockType, LockProvider> providers = new EnumMap<>(LockType.class);

    /**
     * Opens every declared lock.
     *
     * @param providers the application's providers; each replaces the starter's of the same type
     * @throws FileLockConfigurationException naming each lock that cannot be used
     */
    DeclaredLocks(Collection<DeclaredLock> declared, Collection<LockProvider> providers) {
        List<Problem> problems = new ArrayList<>();
        Map<LockType, List<LockProvider>> byType = new EnumMap<>(LockType.class);
        providers.forEach(provider -> byType.computeIfAbsent(provider.type(), type -> new ArrayList<>()).add(provider));
        byType.forEach((type, served) -> {
            if (served.size() > 1) {
                problems.add(new Problem("Lock type " + LockDeclarations.id(type) + " has " + served.size()
                        + " LockProvider beans: "
                        + served.stream().map(p -> p.getClass().getName()).toList(),
                        "Keep one LockProvider bean per lock type"));
            }
            this.providers.put(type, served.get(0));
        });
        LocalLockProviders.all().forEach(provider -> this.providers.putIfAbsent(provider.type(), provider));
        for (DeclaredLock lock : declared) {
            declarations.put(lock.name(), lock);
            LockProvider provider = this.providers.get(lock.type());
            if (provider == null) {
                problems.add(new Problem("Lock '" + lock.name() + "' is of type " + LockDeclarations.id(lock.type())
                        + ", for which no LockProvider is defined", needs(lock.type()) + ", or declare file-lock.locks."
                        + lock.name() + ".type=file"));
                continue;
            }
            try {
                locks.put(lock.name(), provider.lock(lock, null));
            } catch (RuntimeException e) {
                problems.add(new Problem("Lock '" + lock.name() + "' cannot be used: " + e.getMessage(),
                        fix(lock)));
            }
        }
        if (!problems.isEmpty()) {
            throw new FileLockConfigurationException(problems);
        }
    }

    @Override
    public Collection<DeclaredLock> declarations() {
        return Collections.unmodifiableCollection(declarations.values());
    }

    @Override
    public Optional<DeclaredLock> declaration(String name) {
        return Optional.ofNullable(declarations.get(name));
    }

    @Override
    public NamedLock lock(String name) {
        NamedLock lock = locks.get(name);
        if (lock == null) {
            throw undeclared(name);
        }
        return lock;
    }

    @Override
    public NamedLock lock(String name, String key) {
        DeclaredLock declaration = declarations.get(name);
        if (declaration == null) {
            throw undeclared(name);
        }
        if (key == null) {
            throw new IllegalArgumentException("The key of lock '" + name + "' must not be null");
        }
        return providers.get(declaration.type()).lock(declaration, key);
    }

    private static String fix(DeclaredLock lock) {
        String property = "file-lock.locks." + lock.name();
        return switch (lock.type()) {
            case FILE -> "Set file-lock.directory or " + property + ".file to a writable location on a local file system";
            case MMAP -> "Declare the " + property + ".length and .protocol (native or python) that the file "
                    + lock.file() + " has, or set " + property + ".file to a file of its own, in a writable location on "
                    + "a local file system";
            case REDIS -> "Check the application's Redis (spring.data.redis.*) and file-lock.redis.*";
            case JDBC -> "Check the application's DataSource (spring.datasource.*) and file-lock.jdbc.*";
            case REGISTRY -> "Set " + property + ".registry to the name of a Spring Integration "
                    + "LockRegistry bean";
        };
    }

    /** What the application lacks when no provider serves {@code type}. */
    private static String needs(LockType type) {
        return switch (type) {
            case REDIS -> "Add org.springframework.integration:spring-integration-redis and "
                    + "spring-boot-starter-data-redis (a RedisConnectionFactory bean) to the application";
            case JDBC -> "Add org.springframework.integration:spring-integration-jdbc and spring-boot-starter-jdbc "
                    + "(one DataSource bean) to the application";
            case REGISTRY -> "Add org.springframework.integration:spring-integration-core to the application";
            case FILE, MMAP -> "Add the dependencies that type needs and define a LockProvider bean for it";
        };
    }

    private IllegalArgumentException undeclared(String name) {
        return new IllegalArgumentException("No lock named '" + name + "' is declared; declare it under file-lock.locks."
                + name + " (declared: " + declarations.keySet() + ")");
    }
}
