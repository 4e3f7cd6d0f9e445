package dev.runway.migrator.backup;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A dump proven readable: {@code pg_restore --list} read its table of contents.
 *
 * @param entries the entries that table of contents lists (tables, data, indexes, sequences, ...)
 * @param sha256  lower-case hex
 * @param took    dumping and verifying
 */
public record DumpedFile(Path path, long bytes, int entries, String sha256, Duration took) {}
