package dev.runway.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.images.SharedLibraries.Dependency;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedLibrariesTest {

    @Test
    void readsResolvedLibrariesTheLoaderAndWhatIsNotFound() {
        String ldd = "\tlinux-vdso.so.1 (0x00007ffd4b9f2000)\n"
                + "\tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f0a1c2e1000)\n"
                + "\tlibjvm.so => not found\n"
                + "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0a1c100000)\n"
                + "\t/lib64/ld-linux-x86-64.so.2 (0x00007f0a1c31a000)\n";

        assertThat(SharedLibraries.parse(ldd))
                .containsExactly(
                        new Dependency("libz.so.1", Path.of("/lib/x86_64-linux-gnu/libz.so.1")),
                        new Dependency("libjvm.so", null),
                        new Dependency("libc.so.6", Path.of("/lib/x86_64-linux-gnu/libc.so.6")),
                        new Dependency("ld-linux-x86-64.so.2", Path.of("/lib64/ld-linux-x86-64.so.2")));
    }

    @Test
    void aStaticBinaryNeedsNothing() {
        assertThat(SharedLibraries.parse("\tstatically linked\n")).isEmpty();
        assertThat(SharedLibraries.parse("\tnot a dynamic executable\n")).isEmpty();
    }

    @Test
    void findsWhatTheJavaLauncherOfThisJdkLoadsOnThisMachine() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));

        Set<Path> libraries =
                SharedLibraries.of(List.of(jdk.resolve("bin/java"), jdk.resolve("lib/server/libjvm.so")), jdk);

        assertThat(libraries)
                .allSatisfy(library -> assertThat(library).isAbsolute().exists());
        assertThat(libraries)
                .anySatisfy(library -> assertThat(library.getFileName()).hasToString("libc.so.6"));
        assertThat(libraries).noneSatisfy(library -> assertThat(library).startsWith(jdk));
    }

    @Test
    void aLibraryFoundNowhereFailsNamingTheBinaryAndTheLibrary(@TempDir Path elsewhere) throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        Path empty = Files.createDirectories(elsewhere.resolve("own"));

        // libjava.so finds libjvm.so only once the JVM has loaded it: ldd alone reports it not found.
        assertThatThrownBy(() -> SharedLibraries.of(List.of(jdk.resolve("lib/libjava.so")), empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("libjava.so needs libjvm.so");
    }
}
