package dev.filelock.spring.distributed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/** How {@code jdbc} locks use the application's database ({@code file-lock.jdbc}). */
@ConfigurationProperties("file-lock.jdbc")
public class FileLockJdbcProperties {

    /** Prefix of the lock table's name, as Spring Integration's: the table is {@code <prefix>LOCK}. */
    private String tablePrefix = "INT_";

    /** The region of the lock table's rows that this starter's locks use, apart from other users of the table. */
    private String region = "file-lock";

    /**
     * When the starter creates the lock table if it is missing: embedded (only in an embedded
     * database, the default, as Boot does), always, or never.
     */
    private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

    public String getTablePrefix() {
        return tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public DatabaseInitializationMode getInitializeSchema() {
        return initializeSchema;
    }

    public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
        this.initializeSchema = initializeSchema;
    }
}
