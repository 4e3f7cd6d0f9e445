package dev.runway.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent that ends a service JVM when the process that started it is gone, however it went: killed with
 * SIGKILL, out of memory, crashed. The parent holds the write end of the child's stdin pipe and never writes to it;
 * the kernel closes that end when the parent dies, so the child reads end-of-file. Unlike polling the parent's pid
 * this cannot mistake a recycled pid for the parent, and unlike {@code PR_SET_PDEATHSIG} it does not fire when
 * merely the thread that forked the child ends. Quarkus does not read stdin in production mode.
 *
 * <p>The services are other modules' jars, so the watch rides along as {@code -javaagent} rather than as code in
 * them; {@link #agentJar(Path)} writes the agent's one-class jar.
 */
public final class ParentWatch {

    /** Long enough for Quarkus to stop gracefully; after that the JVM halts. */
    private static final long GRACE_MILLIS = 20_000;

    private ParentWatch() {}

    public static void premain(String agentArgs) {
        Thread watch = new Thread(ParentWatch::watchStdin, "runway-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void watchStdin() {
        byte[] buffer = new byte[256];
        try (InputStream in = System.in) {
            while (in.read(buffer) != -1) {
                // the parent never writes; only end-of-file matters
            }
        } catch (IOException e) {
            // an unreadable stdin means the pipe is broken: the parent is gone as well
        }
        System.err.println("runway: the local stack that started this JVM is gone (stdin closed); exiting");
        Thread exit = new Thread(() -> System.exit(0), "runway-parent-gone");
        exit.start();
        try {
            exit.join(GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(1);
    }

    /** Writes {@code <dir>/parent-watch.jar}, replacing it atomically so a JVM starting from it never sees half a jar. */
    public static Path agentJar(Path dir) {
        Path jar = dir.resolve("parent-watch.jar");
        String entry = ParentWatch.class.getName().replace('.', '/') + ".class";
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatch.class.getName());
        try (InputStream classFile = ParentWatch.class.getClassLoader().getResourceAsStream(entry)) {
            if (classFile == null) {
                throw new IllegalStateException(entry + " is not on the class path");
            }
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, "parent-watch", ".jar");
            try (OutputStream file = Files.newOutputStream(partial);
                    JarOutputStream out = new JarOutputStream(file, manifest)) {
                out.putNextEntry(new JarEntry(entry));
                classFile.transferTo(out);
                out.closeEntry();
            }
            return Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + jar, e);
        }
    }
}
