package dev.runway.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a release spec written as YAML or JSON and gives the JSON the coordinator takes. The format is told by the
 * content (JSON starts with a brace), not the file name, so a {@code .txt} or a pipe works too. The coordinator
 * validates the spec itself; this only insists on one mapping and no key twice, which YAML would otherwise let
 * through as the last value winning.
 */
public final class SpecReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private SpecReader() {}

    public static String read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.ERROR, "no such file: " + file, e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
        return toJson(text, file.toString());
    }

    /** {@code source} names the text in errors, e.g. the file. */
    public static String toJson(String text, String source) {
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (content.isBlank()) {
            throw new CliException(ExitCodes.ERROR, source + " is empty; it should hold one release spec");
        }
        boolean json =
                content.stripLeading().startsWith("{") || content.stripLeading().startsWith("[");
        ObjectMapper mapper = json ? JSON : YAML;
        List<JsonNode> documents = new ArrayList<>();
        // tree by tree rather than readValues, which would take a top-level list apart into its entries
        try (JsonParser parser = mapper.createParser(content)) {
            for (JsonNode document = mapper.readTree(parser); document != null; document = mapper.readTree(parser)) {
                documents.add(document);
            }
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.ERROR, unreadable(source, json, e), e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot read " + source + ": " + e.getMessage(), e);
        }
        documents = documents.stream().filter(d -> d != null && !d.isNull()).toList();
        if (documents.size() != 1) {
            throw new CliException(
                    ExitCodes.ERROR,
                    source + " holds " + documents.size() + " documents; a release spec file holds exactly one");
        }
        JsonNode spec = documents.get(0);
        if (!spec.isObject()) {
            throw new CliException(
                    ExitCodes.ERROR,
                    source + " holds a " + spec.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                            + "; a release spec is a mapping (application: ..., version: ...)");
        }
        return spec.toString();
    }

    private static String unreadable(String source, boolean json, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
        return where + ": not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage();
    }
}
