package dev.runway.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The five services' images as the build writes them (deploy/images): each archive's manifest and configuration, its
 * layers against their digests, what runs and as whom, and that docker-compose.yml and deploy/kubernetes name exactly
 * these images. Reads {@code <service>/target/<service>-<version>-image.tar}, so it runs after the services'
 * package phase.
 */
class ServiceImagesIT {

    private static final Path ROOT = Path.of(System.getProperty("runway.root", "../.."));
    private static final String VERSION = System.getProperty("runway.version");
    private static final List<String> SERVICES =
            List.of("coordinator", "migrator", "rollout-agent", "validator", "notifier");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Archives read once for all tests; the base layers, shared by all images, are checked once. */
    private static final Map<String, ImageArchive> ARCHIVES = new ConcurrentHashMap<>();

    private static final Map<String, Layer> LAYERS = new ConcurrentHashMap<>();

    /** A layer whose compressed bytes hash to its name: the digest of its content and the paths it holds. */
    private record Layer(String diffId, Set<String> files) {}

    @ParameterizedTest
    @ValueSource(strings = {"coordinator", "migrator", "rollout-agent", "validator", "notifier"})
    void theImageRunsTheQuarkusAppAsRunwayFromLayersThatMatchTheirDigests(String service) throws Exception {
        ImageArchive image = image(service);

        assertThat(image.manifest().path("RepoTags")).hasSize(1);
        assertThat(image.manifest().path("RepoTags").get(0).asText()).isEqualTo(name(service));

        JsonNode config = image.config().path("config");
        assertThat(strings(config.path("Entrypoint"))).first().isEqualTo("java");
        assertThat(strings(config.path("Entrypoint"))).endsWith("-jar", "quarkus-run.jar");
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/deployments");
        String user = config.path("User").asText();
        assertThat(user).isNotBlank().isEqualTo("185:185");
        assertThat(user.split(":")[0]).isNotIn("0", "root");
        assertThat(strings(config.path("Env"))).contains("PATH=/opt/java/bin:/usr/bin:/bin");

        // Every layer the manifest names is in the archive, its bytes hash to its name (the compressed digest) and
        // its content to the configuration's diff_id, in order.
        List<String> layers = strings(image.manifest().path("Layers"));
        List<String> diffIds = strings(image.config().path("rootfs").path("diff_ids"));
        assertThat(layers).hasSameSizeAs(diffIds).hasSizeGreaterThanOrEqualTo(5);
        Set<String> files = new TreeSet<>();
        for (int i = 0; i < layers.size(); i++) {
            String name = layers.get(i);
            assertThat(image.entries()).as("layer " + name).containsKey(name);
            Layer layer = LAYERS.get(name);
            if (layer == null) {
                byte[] compressed = image.entries().get(name);
                assertThat(name).isEqualTo(sha256(compressed) + ".tar.gz");
                byte[] content = gunzip(compressed);
                layer = new Layer("sha256:" + sha256(content), Tar.names(content));
                LAYERS.put(name, layer);
            }
            assertThat(layer.diffId()).as("diff_id of " + name).isEqualTo(diffIds.get(i));
            files.addAll(layer.files());
        }

        assertThat(files).contains("opt/java/bin/java", "opt/java/lib/server/libjvm.so", "lib64/ld-linux-x86-64.so.2");
        assertThat(files)
                .contains("deployments/quarkus-run.jar", "deployments/app/" + service + "-" + VERSION + ".jar");
        assertThat(files).contains("etc/passwd", "opt/runway/probe/dev/runway/images/HealthProbe.class");
        if (service.equals("migrator")) {
            assertThat(files).contains("usr/bin/pg_dump", "usr/bin/pg_restore", "usr/bin/psql");
        } else {
            assertThat(files).doesNotContain("usr/bin/pg_dump");
        }
    }

    /**
     * Unpacks the migrator's image and runs, inside it as uid 185, its JRE, pg_dump and the health probe against a
     * server of this test: every shared library they load is in the image. Needs root (chroot); CI and the
     * developers' machines run as root.
     */
    @Test
    void theMigratorsImageStartsItsJavaPgDumpAndHealthProbeAsRunway(@TempDir Path scratch) throws Exception {
        Path root = Files.createDirectories(scratch.resolve("root"));
        image("migrator").unpack(root);
        Files.createDirectories(root.resolve("proc"));

        assertThat(inImage(root, "/opt/java/bin/java", "-version")).contains("openjdk version \"17");
        assertThat(inImage(root, "/usr/bin/pg_dump", "--version")).startsWith("pg_dump (PostgreSQL)");

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/health/ready", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            assertThat(inImage(
                            root,
                            "/opt/java/bin/java",
                            "-cp",
                            "/opt/runway/probe",
                            "dev.runway.images.HealthProbe",
                            "http://127.0.0.1:" + server.getAddress().getPort() + "/q/health/ready"))
                    .contains("\"status\":\"UP\"");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void composeRunsExactlyTheImagesTheBuildWrites() throws IOException {
        Set<String> built = builtImages();
        Map<String, Object> services =
                map(documents(ROOT.resolve("docker-compose.yml")).get(0).get("services"));

        for (String service : SERVICES) {
            Map<String, Object> definition = map(services.get(service));
            assertThat(definition.get("image")).as(service).isEqualTo(name(service));
            assertThat(definition).as(service + " is not built by Compose").doesNotContainKey("build");
        }
        for (Map.Entry<String, Object> service : services.entrySet()) {
            String image = String.valueOf(map(service.getValue()).get("image"));
            if (image.startsWith("runway/")) {
                assertThat(built).as(service.getKey()).contains(image);
            }
        }
    }

    @Test
    void everyKubernetesManifestNamesOnlyImagesTheBuildWrites() throws IOException {
        Set<String> built = builtImages();
        List<String> named = new ArrayList<>();
        List<Path> manifests;
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/kubernetes"))) {
            manifests =
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path manifest : manifests) {
            for (Map<String, Object> document : documents(manifest)) {
                collectImages(document, named);
                // kustomize's images: rewrites may only name a built image
                if (document.get("images") instanceof List<?> rewrites) {
                    for (Object rewrite : rewrites) {
                        named.add(map(rewrite).get("name") + ":" + VERSION);
                    }
                }
            }
        }

        assertThat(named).isNotEmpty().allSatisfy(image -> assertThat(built).contains(image));
        assertThat(new TreeSet<>(named)).containsExactlyInAnyOrderElementsOf(built);
    }

    /** What the containers of every pod template, Job or CronJob in a document run. */
    private static void collectImages(Object node, List<String> images) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if ((entry.getKey().equals("containers") || entry.getKey().equals("initContainers"))
                        && entry.getValue() instanceof List<?> containers) {
                    for (Object container : containers) {
                        images.add(String.valueOf(map(container).get("image")));
                    }
                } else {
                    collectImages(entry.getValue(), images);
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectImages(item, images));
        }
    }

    private static Set<String> builtImages() throws IOException {
        Set<String> built = new TreeSet<>();
        for (String service : SERVICES) {
            JsonNode tags = image(service).manifest().path("RepoTags");
            tags.forEach(tag -> built.add(tag.asText()));
        }
        assertThat(built).hasSize(SERVICES.size());
        return built;
    }

    private static String inImage(Path root, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc=" + root.resolve("proc"),
                "chroot",
                "--userspec=185:185",
                root.toString()));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("finished: " + line)
                .isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + " in the image:\n" + output)
                .isZero();
        return output;
    }

    private static ImageArchive image(String service) throws IOException {
        ImageArchive image = ARCHIVES.get(service);
        if (image == null) {
            image = ImageArchive.read(archive(service));
            ARCHIVES.put(service, image);
        }
        return image;
    }

    private static Path archive(String service) {
        assertThat(VERSION).as("system property runway.version").isNotBlank();
        Path archive = ROOT.resolve(service).resolve("target").resolve(service + "-" + VERSION + "-image.tar");
        assertThat(archive)
                .as("the image archive (mvn package of " + service + " with quarkus.container-image.build=true)")
                .isRegularFile();
        return archive;
    }

    private static String name(String service) {
        return "runway/" + service + ":" + VERSION;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    private static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                if (document != null) {
                    documents.add(map(document));
                }
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** A Docker-format image archive (what {@code docker save} writes): its entries by name, read whole. */
    private record ImageArchive(Map<String, byte[]> entries, JsonNode manifest, JsonNode config) {

        static ImageArchive read(Path archive) throws IOException {
            Map<String, byte[]> entries = Tar.entries(Files.readAllBytes(archive));
            JsonNode manifests = JSON.readTree(entries.get("manifest.json"));
            assertThat(manifests).as("manifest.json of " + archive).hasSize(1);
            JsonNode manifest = manifests.get(0);
            JsonNode config = JSON.readTree(entries.get(manifest.path("Config").asText()));
            return new ImageArchive(entries, manifest, config);
        }

        void unpack(Path root) throws IOException, InterruptedException {
            for (String layer : strings(manifest.path("Layers"))) {
                Path file = root.resolveSibling(layer);
                Files.write(file, entries.get(layer));
                Process tar = new ProcessBuilder(
                                "tar", "--warning=no-unknown-keyword", "-xzpf", file.toString(), "-C", root.toString())
                        .redirectErrorStream(true)
                        .start();
                String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(tar.waitFor()).as("tar of " + layer + ": " + output).isZero();
                Files.delete(file);
            }
        }
    }

    /** The ustar and PAX entries Jib writes, without a tar library. */
    private static final class Tar {

        record Entry(String name, byte[] content) {}

        static Set<String> names(byte[] archive) {
            Set<String> names = new TreeSet<>();
            headers(archive).forEach(entry -> names.add(entry.name()));
            return names;
        }

        static Map<String, byte[]> entries(byte[] archive) {
            Map<String, byte[]> entries = new HashMap<>();
            for (Entry entry : headers(archive)) {
                entries.put(entry.name(), entry.content());
            }
            return entries;
        }

        static List<Entry> headers(byte[] archive) {
            List<Entry> entries = new ArrayList<>();
            String longName = null;
            int offset = 0;
            while (offset + 512 <= archive.length && archive[offset] != 0) {
                String name = text(archive, offset, 100);
                String prefix = text(archive, offset + 345, 155);
                long size = Long.parseLong(octal(archive, offset + 124, 12), 8);
                char type = (char) archive[offset + 156];
                int dataStart = offset + 512;
                byte[] content = Arrays.copyOfRange(archive, dataStart, dataStart + (int) size);
                if (type == 'x') {
                    longName = paxPath(new String(content, StandardCharsets.UTF_8));
                } else if (type != 'g') {
                    String full = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                    entries.add(new Entry(full.startsWith("/") ? full.substring(1) : full, content));
                    longName = null;
                }
                offset = dataStart + (int) ((size + 511) / 512 * 512);
            }
            return entries;
        }

        private static String paxPath(String records) {
            for (String record : records.split("\n")) {
                int equals = record.indexOf(" path=");
                if (equals >= 0) {
                    return record.substring(equals + " path=".length());
                }
            }
            return null;
        }

        private static String octal(byte[] archive, int offset, int length) {
            String value = text(archive, offset, length).strip();
            return value.isEmpty() ? "0" : value;
        }

        private static String text(byte[] archive, int offset, int length) {
            int end = offset;
            while (end < offset + length && archive[end] != 0) {
                end++;
            }
            return new String(archive, offset, end - offset, StandardCharsets.US_ASCII);
        }
    }
}
