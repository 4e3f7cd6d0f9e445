package dev.runway.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Makes the base images of Runway's service images without Docker or a container registry, from what the build
 * machine has: a JRE jlinked from the JDK running the build, the host's shared libraries that it needs (found with
 * {@code ldd}), the JDK's CA certificates, an unprivileged user {@code runway} (uid and gid 185) and a small HTTP
 * health probe for Compose's health checks (the images have no shell and no curl). A second image adds Debian's
 * PostgreSQL client (pg_dump, pg_restore, psql), which the migrator runs for the runbook's Phase 2 backup and the
 * rollback's restore. Both are written as Docker-format tarballs that Jib reads as {@code tar://} base images.
 *
 * <p>Files keep Jib's fixed timestamps, so the same JDK and libraries give the same layer digests. A recipe stamp
 * next to the tarballs skips the work when nothing it depends on changed.
 *
 * <p>Arguments: the output directory and the project version (the images' tag).
 */
public final class BaseImages {

    public static final String JRE_IMAGE = "runway-jre.tar";
    public static final String POSTGRESQL_CLIENT_IMAGE = "runway-jre-postgresql-client.tar";
    public static final String RUNWAY_USER = "185:185";

    /**
     * {@code java.se} for what libraries reach through reflection or service loaders (java.beans, java.sql, JNDI),
     * plus the JDK modules Quarkus, Netty, Kafka's SASL and the Kubernetes client use: Unsafe, EC and PKCS#11 crypto,
     * SCRAM/GSS, DNS, JMX and JFR, zip file systems and extra charsets. Locale data beyond English stays out.
     */
    static final List<String> MODULES = List.of(
            "java.se",
            "jdk.unsupported",
            "jdk.crypto.ec",
            "jdk.crypto.cryptoki",
            "jdk.security.auth",
            "jdk.security.jgss",
            "jdk.naming.dns",
            "jdk.management",
            "jdk.management.jfr",
            "jdk.jfr",
            "jdk.zipfs",
            "jdk.charsets",
            "jdk.net");

    /**
     * Desktop natives a headless server never loads (X11, sound, splash screen, fonts, JPEG and colour management):
     * removed so that the image does not need X11, ALSA, FreeType or HarfBuzz.
     */
    static final Set<String> DESKTOP_NATIVES = Set.of(
            "libawt_xawt.so",
            "libjawt.so",
            "libjsound.so",
            "libsplashscreen.so",
            "libfontmanager.so",
            "libjavajpeg.so",
            "liblcms.so");

    static final List<String> POSTGRESQL_CLIENT_BINARIES = List.of("pg_dump", "pg_restore", "psql");

    private static final AbsoluteUnixPath JAVA_HOME = AbsoluteUnixPath.get("/opt/java");
    private static final AbsoluteUnixPath PROBE_CLASSES = AbsoluteUnixPath.get("/opt/runway/probe");
    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final FilePermissions READABLE = FilePermissions.fromOctalString("644");

    private final Path output;
    private final String version;
    private final Path jdk;

    BaseImages(Path output, String version, Path jdk) {
        this.output = output;
        this.version = version;
        this.jdk = jdk;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BaseImages <output directory> <version>");
        }
        new BaseImages(Path.of(args[0]).toAbsolutePath(), args[1], Path.of(System.getProperty("java.home"))).build();
    }

    void build() throws Exception {
        long started = System.nanoTime();
        Path postgresqlBin = PostgresqlClient.ensureInstalled();
        String recipe = recipe(postgresqlBin);
        Path stamp = output.resolve("recipe.sha256");
        if (Files.exists(output.resolve(JRE_IMAGE))
                && Files.exists(output.resolve(POSTGRESQL_CLIENT_IMAGE))
                && Files.exists(stamp)
                && Files.readString(stamp).equals(recipe)) {
            System.out.println("[base-images] up to date: " + output.resolve(JRE_IMAGE) + ", "
                    + output.resolve(POSTGRESQL_CLIENT_IMAGE));
            return;
        }
        Files.createDirectories(output);
        Files.deleteIfExists(stamp);
        Path work = output.resolve("work");
        deleteRecursively(work);
        Files.createDirectories(work);

        Path jre = jlink(work.resolve("jre"));
        for (String file : DESKTOP_NATIVES) {
            Files.deleteIfExists(jre.resolve("lib").resolve(file));
        }
        // Debian's JDK links its CA store to /etc/ssl/certs/java/cacerts (ca-certificates-java): take the current one.
        Files.copy(
                jdk.resolve("lib/security/cacerts").toRealPath(),
                jre.resolve("lib/security/cacerts"),
                StandardCopyOption.REPLACE_EXISTING);

        List<Path> jreBinaries;
        try (Stream<Path> files = Files.walk(jre)) {
            jreBinaries = files.filter(Files::isRegularFile)
                    .filter(f -> f.getParent().getFileName().toString().equals("bin")
                            || f.getFileName().toString().endsWith(".so"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        Set<Path> jreLibraries = SharedLibraries.of(jreBinaries, jre);
        List<Path> postgresqlBinaries =
                POSTGRESQL_CLIENT_BINARIES.stream().map(postgresqlBin::resolve).collect(Collectors.toList());
        Set<Path> postgresqlLibraries = new TreeSet<>(SharedLibraries.of(postgresqlBinaries, jre));
        postgresqlLibraries.removeAll(jreLibraries);

        FileEntriesLayer jreLayer = FileEntriesLayer.builder()
                .setName("jre")
                .addEntryRecursive(
                        jre,
                        JAVA_HOME,
                        (source, target) ->
                                Files.isDirectory(source) || Files.isExecutable(source) ? EXECUTABLE : READABLE)
                .build();
        FileEntriesLayer librariesLayer = librariesLayer("shared-libraries", jreLibraries);
        FileEntriesLayer systemLayer = systemLayer(work.resolve("system"));
        FileEntriesLayer postgresqlLayer = postgresqlClientLayer(postgresqlLibraries, postgresqlBinaries);

        Path cache = output.resolve("jib-cache");
        JibContainer plain =
                containerize("runway/jre", output.resolve(JRE_IMAGE), cache, librariesLayer, jreLayer, systemLayer);
        JibContainer withClient = containerize(
                "runway/jre-postgresql-client",
                output.resolve(POSTGRESQL_CLIENT_IMAGE),
                cache,
                librariesLayer,
                jreLayer,
                systemLayer,
                postgresqlLayer);
        deleteRecursively(work);
        Files.writeString(stamp, recipe);
        System.out.printf(
                "[base-images] %s (%s, %d MB) and %s (%s, %d MB) in %d s%n",
                plain.getTargetImage(),
                plain.getDigest(),
                Files.size(output.resolve(JRE_IMAGE)) >> 20,
                withClient.getTargetImage(),
                withClient.getDigest(),
                Files.size(output.resolve(POSTGRESQL_CLIENT_IMAGE)) >> 20,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private JibContainerBuilder base(String name) {
        // Sorted: the environment's order is part of the image's configuration, and so of its digest.
        Map<String, String> environment = new TreeMap<>(Map.of(
                "JAVA_HOME",
                JAVA_HOME.toString(),
                "PATH",
                JAVA_HOME + "/bin:/usr/bin:/bin",
                "LANG",
                "C.UTF-8",
                // The same heap rule as before the images were built here; a -Xmx (the manifests'
                // JDK_JAVA_OPTIONS) wins over it.
                "JAVA_TOOL_OPTIONS",
                "-XX:MaxRAMPercentage=75.0"));
        return Jib.fromScratch()
                .setFormat(ImageFormat.Docker)
                .setUser(RUNWAY_USER)
                .setWorkingDirectory(AbsoluteUnixPath.get("/deployments"))
                .setEnvironment(environment)
                .addLabel("dev.runway.base-image", name + ":" + version)
                .addLabel(
                        "dev.runway.jre",
                        System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
    }

    private JibContainer containerize(String name, Path tarball, Path cache, FileEntriesLayer... layers)
            throws Exception {
        JibContainerBuilder image = base(name).setFileEntriesLayers(layers);
        Path partial = tarball.resolveSibling(tarball.getFileName() + ".part");
        JibContainer container =
                image.containerize(Containerizer.to(TarImage.at(partial).named(name + ":" + version))
                        .setBaseImageLayersCache(cache)
                        .setApplicationLayersCache(cache)
                        .setToolName("runway-base-images"));
        Files.move(partial, tarball, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return container;
    }

    private Path jlink(Path jre) throws IOException, InterruptedException {
        Path jlink = jdk.resolve("bin/jlink");
        Path jmods = jdk.resolve("jmods");
        if (!Files.isExecutable(jlink) || !Files.isDirectory(jmods)) {
            throw new IllegalStateException(
                    "the JDK running the build (" + jdk + ") has no jlink or no jmods/; the base"
                            + " image's JRE is made from it (Debian: package openjdk-17-jdk-headless)");
        }
        Processes.run(List.of(
                jlink.toString(),
                "--add-modules",
                String.join(",", MODULES),
                "--strip-debug",
                "--no-man-pages",
                "--no-header-files",
                "--output",
                jre.toString()));
        return jre;
    }

    private static FileEntriesLayer librariesLayer(String name, Set<Path> libraries) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        for (Path library : libraries) {
            // The path ldd named (often a symlink such as libz.so.1), holding the file it points to.
            layer.addEntry(
                    library.toRealPath(),
                    AbsoluteUnixPath.fromPath(library),
                    EXECUTABLE,
                    FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
        }
        return layer.build();
    }

    private static FileEntriesLayer postgresqlClientLayer(Set<Path> libraries, List<Path> binaries) throws IOException {
        FileEntriesLayer.Builder layer = librariesLayer("postgresql-client", libraries).toBuilder();
        for (Path binary : binaries) {
            // On PATH under the names the migrator's defaults use (runway.migrator.*-path).
            layer.addEntry(
                    binary.toRealPath(),
                    AbsoluteUnixPath.get("/usr/bin")
                            .resolve(binary.getFileName().toString()),
                    EXECUTABLE,
                    FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
        }
        return layer.build();
    }

    private static FileEntriesLayer systemLayer(Path directory) throws IOException {
        Path etc = Files.createDirectories(directory.resolve("etc"));
        Files.writeString(
                etc.resolve("passwd"),
                "root:x:0:0:root:/root:/sbin/nologin\nrunway:x:185:185:Runway:/deployments:/sbin/nologin\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nrunway:x:185:\n");
        // glibc's built-in files and dns lookups; the runtime mounts /etc/hosts and /etc/resolv.conf.
        Files.writeString(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
        Path empty = Files.createDirectories(directory.resolve("empty"));
        Path probe = directory.resolve("HealthProbe.class");
        try (InputStream in = HealthProbe.class.getResourceAsStream("HealthProbe.class")) {
            if (in == null) {
                throw new IllegalStateException("HealthProbe.class is not on the class path");
            }
            Files.copy(in, probe);
        }
        Instant time = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;
        return FileEntriesLayer.builder()
                .setName("system")
                .addEntry(etc.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"), READABLE, time)
                .addEntry(etc.resolve("group"), AbsoluteUnixPath.get("/etc/group"), READABLE, time)
                .addEntry(etc.resolve("nsswitch.conf"), AbsoluteUnixPath.get("/etc/nsswitch.conf"), READABLE, time)
                // No sticky bit (Jib's permissions have three digits): the image has one user besides root, and
                // Compose and Kubernetes mount a fresh /tmp anyway.
                .addEntry(empty, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"), time)
                // Where Compose and Kubernetes mount application.properties; the root file system is read-only there.
                .addEntry(empty, AbsoluteUnixPath.get("/deployments/config"), EXECUTABLE, time)
                .addEntry(
                        probe,
                        PROBE_CLASSES.resolve(HealthProbe.class.getName().replace('.', '/') + ".class"),
                        READABLE,
                        time)
                .build();
    }

    /** What the images are made of: the JDK, the libraries and client it finds, and this builder. */
    private String recipe(Path postgresqlBin) throws IOException, InterruptedException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update((version + "\n" + jdk.toRealPath() + "\n" + System.getProperty("java.runtime.version") + "\n"
                        + MODULES + "\n" + new TreeSet<>(DESKTOP_NATIVES) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        for (Class<?> type : List.of(BaseImages.class, SharedLibraries.class, HealthProbe.class)) {
            try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
                digest.update(in.readAllBytes());
            }
        }
        List<Path> inputs =
                new ArrayList<>(List.of(jdk.resolve("jmods/java.base.jmod"), jdk.resolve("lib/security/cacerts")));
        List<Path> binaries = new ArrayList<>(List.of(jdk.resolve("bin/java"), jdk.resolve("lib/server/libjvm.so")));
        POSTGRESQL_CLIENT_BINARIES.forEach(binary -> binaries.add(postgresqlBin.resolve(binary)));
        inputs.addAll(binaries);
        inputs.addAll(SharedLibraries.of(binaries, jdk));
        for (Path file : inputs) {
            Path real = file.toRealPath();
            digest.update((real + " " + Files.size(real) + " " + Files.getLastModifiedTime(real) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file :
                    files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList())) {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
