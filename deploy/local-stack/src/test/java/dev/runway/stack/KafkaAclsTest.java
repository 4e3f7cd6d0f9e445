package dev.runway.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.Topics;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Each service's Kafka user may do exactly what its channels need, in docker-compose.yml and in
 * deploy/kubernetes/kafka-users.yaml alike: read the topics it consumes (in its consumer group), write the topics it
 * produces and the dead-letter topics of what it consumes, and nothing else. A channel added without its ACL, or an
 * ACL left after its channel went, fails here rather than on the first release after a deployment. Each service logs
 * in with its own password, taken from the environment or a Secret, never written in these files.
 */
class KafkaAclsTest {

    private static final Path ROOT = Path.of(System.getProperty("runway.root", "../.."));
    private static final Pattern COMPOSE_ACL =
            Pattern.compile("^\\s*acl (\\S+) (read|write|group|handled) (\\S+)\\s*$");
    private static final Pattern COMPOSE_USER = Pattern.compile("^\\s*user (\\S+) \"\\$\\$(RUNWAY_KAFKA_\\w+)\"\\s*$");
    private static final Pattern FROM_ENVIRONMENT = Pattern.compile("^\\$\\{RUNWAY_KAFKA_\\w+_PASSWORD:\\?[^}]*}$");

    /**
     * What a Kafka user may do: read or write a topic, consume in a group, or read, write and create its own
     * handled-commands log.
     */
    record Acl(String kind, String name) implements Comparable<Acl> {
        @Override
        public int compareTo(Acl other) {
            return (kind + " " + name).compareTo(other.kind + " " + other.name);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                LocalStack.COORDINATOR,
                LocalStack.MIGRATOR,
                LocalStack.ROLLOUT_AGENT,
                LocalStack.VALIDATOR,
                LocalStack.NOTIFIER
            })
    void theStrimziUserOfEachServiceMayDoExactlyWhatItsChannelsNeed(String service) throws IOException {
        Map<String, Object> user = kafkaUsers().stream()
                .filter(u -> ("runway-" + service).equals(map(u.get("metadata")).get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaUser runway-" + service + " in kafka-users.yaml"));
        Map<String, Object> spec = map(user.get("spec"));

        assertThat(map(spec.get("authentication")).get("type")).isEqualTo("scram-sha-512");
        assertThat(map(spec.get("authorization")).get("type")).isEqualTo("simple");
        Set<Acl> granted = new TreeSet<>();
        for (Object entry : list(map(spec.get("authorization")).get("acls"))) {
            granted.add(strimziAcl(map(entry)));
        }
        assertThat(granted).containsExactlyElementsOf(expected(service));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                LocalStack.COORDINATOR,
                LocalStack.MIGRATOR,
                LocalStack.ROLLOUT_AGENT,
                LocalStack.VALIDATOR,
                LocalStack.NOTIFIER
            })
    void composeGrantsEachServiceExactlyWhatItsChannelsNeedAndItLogsInAsItself(String service) throws IOException {
        Map<String, Object> services = map(compose().get("services"));
        String init =
                (String) list(map(services.get("kafka-init")).get("command")).get(0);
        Set<Acl> granted = new TreeSet<>();
        List<String> passwords = new ArrayList<>();
        for (String line : init.lines().toList()) {
            Matcher acl = COMPOSE_ACL.matcher(line);
            if (acl.matches() && acl.group(1).equals("runway-" + service)) {
                granted.add(new Acl(acl.group(2), acl.group(3)));
            }
            Matcher user = COMPOSE_USER.matcher(line);
            if (user.matches() && user.group(1).equals("runway-" + service)) {
                passwords.add(user.group(2));
            }
        }

        assertThat(granted).containsExactlyElementsOf(expected(service));
        Map<String, Object> environment = map(map(services.get(service)).get("environment"));
        assertThat(environment)
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("KAFKA_SASL_USERNAME", "runway-" + service);
        assertThat((String) environment.get("KAFKA_SASL_PASSWORD")).matches(FROM_ENVIRONMENT);
        assertThat(passwords).hasSize(1);
        assertThat((String) environment.get("KAFKA_SASL_PASSWORD")).startsWith("${" + passwords.get(0) + ":?");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                LocalStack.COORDINATOR,
                LocalStack.MIGRATOR,
                LocalStack.ROLLOUT_AGENT,
                LocalStack.VALIDATOR,
                LocalStack.NOTIFIER
            })
    void eachKubernetesDeploymentLogsInAsItsOwnUserFromAPlaceholderSecret(String service) throws IOException {
        Map<String, Object> deployment = documents(ROOT.resolve("deploy/kubernetes/" + service + ".yaml")).stream()
                .filter(d -> "Deployment".equals(d.get("kind")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> container =
                map(list(map(map(map(deployment.get("spec")).get("template")).get("spec"))
                                .get("containers"))
                        .get(0));
        Map<String, String> secretKeys = new java.util.TreeMap<>();
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> variable = map(entry);
            Object from = variable.get("valueFrom");
            if (from != null && map(from).containsKey("secretKeyRef")) {
                Map<String, Object> ref = map(map(from).get("secretKeyRef"));
                secretKeys.put((String) variable.get("name"), ref.get("name") + "/" + ref.get("key"));
            }
        }

        assertThat(secretKeys)
                .containsEntry("KAFKA_SASL_USERNAME", "runway-kafka-" + service + "/username")
                .containsEntry("KAFKA_SASL_PASSWORD", "runway-kafka-" + service + "/password");
        Map<String, Object> secret = documents(ROOT.resolve("deploy/kubernetes/secrets.yaml")).stream()
                .filter(d -> ("runway-kafka-" + service)
                        .equals(map(d.get("metadata")).get("name")))
                .findFirst()
                .orElseThrow();
        assertThat(map(secret.get("stringData")))
                .containsEntry("username", "runway-" + service)
                .hasEntrySatisfying("password", p -> assertThat((String) p).startsWith("REPLACE-"));
    }

    /** From the service's channels; the coordinator's outbox also sends each command to its worker's topic. */
    static Set<Acl> expected(String service) throws IOException {
        Properties properties = new Properties();
        try (Reader in =
                Files.newBufferedReader(ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        Set<Acl> acls = new TreeSet<>();
        Pattern channel = Pattern.compile("^mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector$");
        for (String key : properties.stringPropertyNames()) {
            Matcher m = channel.matcher(key);
            if (!m.matches() || !"smallrye-kafka".equals(properties.getProperty(key))) {
                continue;
            }
            String prefix = "mp.messaging." + m.group(1) + "." + m.group(2) + ".";
            String topic = properties.getProperty(prefix + "topic", m.group(2));
            if (m.group(1).equals("incoming")) {
                acls.add(new Acl("read", topic));
                // a channel assigned its partitions joins no consumer group
                if (properties.getProperty(prefix + "assign-seek") == null) {
                    acls.add(new Acl("group", properties.getProperty(prefix + "group.id")));
                }
                String deadLetter = properties.getProperty(prefix + "dead-letter-queue.topic");
                if (deadLetter != null) {
                    acls.add(new Acl("write", deadLetter));
                }
            } else {
                acls.add(new Acl("write", topic));
            }
        }
        if (service.equals(LocalStack.COORDINATOR)) {
            commandTopics().forEach(t -> acls.add(new Acl("write", t)));
        } else {
            String handled = properties.getProperty("runway.worker.handled-commands.topic");
            assertThat(handled).as("handled-commands topic of " + service).isEqualTo("runway-handled-" + service);
            acls.add(new Acl("handled", handled));
        }
        assertThat(acls).as("channels of " + service).isNotEmpty();
        return acls;
    }

    private static List<String> commandTopics() {
        List<String> topics = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_COMMANDS")) {
                try {
                    topics.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(topics).hasSize(5);
        return topics;
    }

    private static Acl strimziAcl(Map<String, Object> entry) {
        Map<String, Object> resource = map(entry.get("resource"));
        assertThat(resource.get("patternType")).isEqualTo("literal");
        String name = (String) resource.get("name");
        List<Object> operations = list(entry.get("operations"));
        if ("group".equals(resource.get("type"))) {
            assertThat(operations).containsExactly("Read");
            return new Acl("group", name);
        }
        assertThat(resource.get("type")).isEqualTo("topic");
        if (operations.contains("Create")) {
            assertThat(operations).containsExactlyInAnyOrder("Read", "Write", "Describe", "Create");
            return new Acl("handled", name);
        }
        if (operations.contains("Read")) {
            assertThat(operations).containsExactlyInAnyOrder("Read", "Describe");
            return new Acl("read", name);
        }
        assertThat(operations).containsExactlyInAnyOrder("Write", "Describe");
        return new Acl("write", name);
    }

    private static List<Map<String, Object>> kafkaUsers() throws IOException {
        return documents(ROOT.resolve("deploy/kubernetes/kafka-users.yaml")).stream()
                .filter(d -> "KafkaUser".equals(d.get("kind")))
                .toList();
    }

    private static Map<String, Object> compose() throws IOException {
        return documents(ROOT.resolve("docker-compose.yml")).get(0);
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

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
