package dev.runway.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The host's shared libraries that binaries load, as {@code ldd} resolves them, for an image without a distribution. */
final class SharedLibraries {

    /** One line of ldd's answer: the library's name and where the host's loader finds it (null: not found). */
    record Dependency(String name, Path path) {}

    private SharedLibraries() {}

    /**
     * @param own a tree whose libraries the binaries find by their own run path (the JRE's libjvm.so), which ldd run
     *     on a single file reports as not found
     * @throws IllegalStateException naming the binary and library when a library is found neither on the host nor
     *     in {@code own}
     */
    static Set<Path> of(List<Path> binaries, Path own) throws IOException, InterruptedException {
        Set<String> ownNames;
        try (Stream<Path> files = Files.walk(own)) {
            ownNames = files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
        Set<Path> libraries = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        for (Path binary : binaries) {
            for (Dependency dependency : parse(Processes.run(List.of("ldd", binary.toString())))) {
                if (dependency.path() != null) {
                    // A library the binary finds by its run path ($ORIGIN/../lib) is in its own tree already.
                    if (!dependency.path().normalize().startsWith(own.normalize())) {
                        libraries.add(dependency.path());
                    }
                } else if (!ownNames.contains(dependency.name())) {
                    missing.add(binary + " needs " + dependency.name());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("shared libraries not found on this machine: " + missing);
        }
        return libraries;
    }

    /**
     * Reads ldd's lines: {@code name => /path (address)}, {@code name => not found}, the loader's own
     * {@code /lib64/ld-linux-x86-64.so.2 (address)}; the kernel's vDSO has no file and is left out, and so is a
     * static binary's "statically linked".
     */
    static List<Dependency> parse(String lddOutput) {
        List<Dependency> dependencies = new ArrayList<>();
        for (String raw : lddOutput.lines().collect(Collectors.toList())) {
            String line = raw.strip();
            int arrow = line.indexOf(" => ");
            if (arrow > 0) {
                String name = line.substring(0, arrow);
                String target = line.substring(arrow + 4).strip();
                if (target.startsWith("not found")) {
                    dependencies.add(new Dependency(name, null));
                } else if (target.startsWith("/")) {
                    dependencies.add(new Dependency(name, Path.of(withoutAddress(target))));
                }
            } else if (line.startsWith("/")) {
                Path loader = Path.of(withoutAddress(line));
                dependencies.add(new Dependency(loader.getFileName().toString(), loader));
            }
        }
        return dependencies;
    }

    private static String withoutAddress(String text) {
        int address = text.indexOf(" (0x");
        return address < 0 ? text : text.substring(0, address);
    }
}
