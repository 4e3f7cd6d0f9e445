package dev.runway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where the CLI signs in: the coordinator's URL and a bearer token, from {@code $RUNWAY_CONFIG} or {@code
 * ~/.config/runway/config.json}, each overridden by {@code RUNWAY_URL} / {@code RUNWAY_TOKEN}. The file holds a
 * secret, so it is written owner-only, and the token never appears in {@link #toString()}.
 */
public record Config(String url, String token) {

    public static final String CONFIG_VARIABLE = "RUNWAY_CONFIG";
    public static final String URL_VARIABLE = "RUNWAY_URL";
    public static final String TOKEN_VARIABLE = "RUNWAY_TOKEN";

    static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The file this environment's configuration lives in. */
    public static Path file(Map<String, String> env) {
        String configured = env.get(CONFIG_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".config", "runway", "config.json");
    }

    /** The file's settings with the environment's on top; either part may be null. */
    public static Config load(Map<String, String> env) {
        Config stored = read(file(env));
        String url = firstNonBlank(env.get(URL_VARIABLE), stored.url());
        String token = firstNonBlank(env.get(TOKEN_VARIABLE), stored.token());
        return new Config(url == null ? null : stripTrailingSlash(url), token == null ? null : token.strip());
    }

    static Config read(Path file) {
        if (!Files.exists(file)) {
            return new Config(null, null);
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return new Config(text(node, "url"), text(node, "token"));
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the file owner-only (600, its directory 700 when created here). The content goes to a new owner-only file
     * that then replaces the old one, so the token is never readable by others, not even for a moment.
     */
    public void save(Path file) {
        ObjectNode node = JSON.createObjectNode().put("url", url).put("token", token);
        Path dir = file.toAbsolutePath().getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            }
            Path next = dir.resolve("." + file.getFileName() + ".new");
            Files.deleteIfExists(next);
            try {
                Files.createFile(next, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                throw new CliException(ExitCodes.ERROR, "another runway login is writing " + file, e);
            }
            Files.write(next, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public String toString() {
        return "Config[url=" + url + ", token=" + (token == null ? "none" : "(set)") + "]";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first;
        }
        return second == null || second.isBlank() ? null : second;
    }

    private static String stripTrailingSlash(String url) {
        String stripped = url.strip();
        return stripped.endsWith("/") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }
}
