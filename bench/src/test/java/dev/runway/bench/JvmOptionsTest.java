package dev.runway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.stack.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JVM flags the bench measures are the ones the local stack and the Kubernetes Deployments run. */
class JvmOptionsTest {

    private static final Path ROOT = Path.of(System.getProperty("runway.root", ".."));

    private static final Pattern JDK_JAVA_OPTIONS = Pattern.compile("- name: JDK_JAVA_OPTIONS\\s+value: \"([^\"]*)\"");

    @ParameterizedTest
    @ValueSource(strings = {"coordinator", "migrator", "rollout-agent", "validator", "notifier"})
    void eachKubernetesDeploymentRunsTheLocalStacksFlags(String service) throws IOException {
        String manifest = Files.readString(ROOT.resolve("deploy/kubernetes/" + service + ".yaml"));

        Matcher options = JDK_JAVA_OPTIONS.matcher(manifest);

        assertThat(options.find()).as("JDK_JAVA_OPTIONS in %s.yaml", service).isTrue();
        assertThat(Arrays.asList(options.group(1).split(" "))).isEqualTo(ServiceProcess.JVM_OPTIONS);
        assertThat(options.find()).as("a second JDK_JAVA_OPTIONS").isFalse();
    }

    @Test
    void theBenchsFirstFlagSetIsTheAdoptedOne() {
        List<String> adopted = Footprint.SETS.get(0).flags();

        assertThat(adopted).isEqualTo(ServiceProcess.JVM_OPTIONS);
        assertThat(Footprint.SETS.get(0).archive()).isEqualTo(Footprint.Archive.NONE);
    }
}
