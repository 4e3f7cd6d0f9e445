package dev.runway.validator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Command;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.command.RunChecks.CheckKind;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.validator.ValidationCommandHandler;
import dev.runway.validator.config.ValidatorConfig;
import dev.runway.validator.http.JdkHttpProbe;
import dev.runway.validator.prometheus.PrometheusMonitoring;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phase 5's TLS certificate, HTTPS redirect and HSTS checks against real servers: JDK HTTPS servers presenting
 * certificates that the JDK's keytool makes at test time (a test CA, a leaf it signed valid for 10 days, one valid for
 * 400 days, and a self-signed leaf it did not sign), and a plain HTTP server that answers 301 to HTTPS on one path and
 * 200 on another. The validator trusts the test CA only through the environment's trust store, as it would a private
 * CA in production.
 */
class PublicEndpointChecksIT {

    private static final String STORE_PASSWORD = "changeit-store";
    private static final String TRUST_PASSWORD = "trust-secret-7781";
    private static final String SAN = "san=dns:localhost,ip:127.0.0.1";
    private static final String ONE_YEAR = "max-age=31536000; includeSubDomains";

    @TempDir
    static Path keys;

    private static HttpsServer tenDays;
    private static HttpsServer fourHundredDays;
    private static HttpsServer selfSigned;
    private static HttpServer http;
    private static Instant tenDaysNotAfter;
    private static ValidationCommandHandler production;
    private static ValidationCommandHandler withWrongTrustPassword;

    @BeforeAll
    static void startServers() throws Exception {
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-dname",
                "CN=Runway Test CA",
                "-ext",
                "bc:c",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "3650",
                "-keystore",
                store("ca"),
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-file",
                keys.resolve("ca.pem").toString(),
                "-keystore",
                store("ca"),
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "runway-test-ca",
                "-file",
                keys.resolve("ca.pem").toString(),
                "-keystore",
                store("trust"),
                "-storepass",
                TRUST_PASSWORD);
        // started 23 hours ago, so that the days left are the validity less one, whole: 10 and 400
        signedLeaf("ten-days", "-1d+1H", 11);
        signedLeaf("four-hundred-days", "-1d+1H", 401);
        keytool(
                "-genkeypair",
                "-alias",
                "leaf",
                "-dname",
                "CN=localhost",
                "-ext",
                SAN,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-startdate",
                "-1d+1H",
                "-validity",
                "401",
                "-keystore",
                store("self-signed"),
                "-storepass",
                STORE_PASSWORD);
        tenDaysNotAfter = leaf("ten-days").getNotAfter().toInstant();

        tenDays = https("ten-days");
        fourHundredDays = https("four-hundred-days");
        selfSigned = https("self-signed");
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", httpsUrl(fourHundredDays, "/"));
            answer(exchange, 301, "");
        });
        http.createContext("/plain", exchange -> answer(exchange, 200, "no redirect here"));
        http.createContext(
                "/health", exchange -> answer(exchange, 200, "{\"status\":\"healthy\",\"version\":\"1.4.0\"}"));
        http.start();

        production = handler(Map.of(
                "runway.validator.environments.\"production\".trust-store",
                keys.resolve("trust.p12").toString(),
                "runway.validator.environments.\"production\".trust-store-password",
                TRUST_PASSWORD));
        withWrongTrustPassword = handler(Map.of(
                "runway.validator.environments.\"production\".trust-store",
                keys.resolve("trust.p12").toString(),
                "runway.validator.environments.\"production\".trust-store-password",
                "not-" + TRUST_PASSWORD));
    }

    @AfterAll
    static void stopServers() {
        for (HttpServer server : new HttpServer[] {tenDays, fourHundredDays, selfSigned, http}) {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    @Test
    void aCertificateValidFor400DaysOnAChainToTheEnvironmentsCaPasses() {
        StepSucceeded passed = passed(production, "production", tls(fourHundredDays));

        assertThat(passed.summary())
                .matches("1 of 1 checks passed \\(100%\\); certificate CN=localhost valid until \\S+Z \\(400 days\\)"
                        + " > 30 days; chain valid \\(2 certificates\\)");
        assertThat(passed.measurements())
                .extracting(Measurement::name, Measurement::value, Measurement::unit, Measurement::status)
                .containsExactly(tuple("tls-certificate", "400", "days", Measurement.Status.SUCCESSFUL));
    }

    @Test
    void aCertificateExpiringIn10DaysFailsNamingItsExpiryDate() {
        ThresholdBreached breach = breached(production, "production", tls(tenDays));

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.TLS_CERTIFICATE_INVALID);
        assertThat(breach.reason())
                .isEqualTo("certificate CN=localhost valid until " + tenDaysNotAfter + " (10 days) <= 30 days;"
                        + " chain valid (2 certificates)");
        assertThat(breach.measurements())
                .extracting(Measurement::value, Measurement::status)
                .containsExactly(tuple("10", Measurement.Status.FAILED));
    }

    @Test
    void aSelfSignedCertificateFailsBecauseItsChainDoesNotValidate() {
        ThresholdBreached breach = breached(production, "production", tls(selfSigned));

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.TLS_CERTIFICATE_INVALID);
        assertThat(breach.reason()).contains("(400 days) > 30 days; chain invalid (1 certificate): NO_TRUST_ANCHOR");
    }

    @Test
    void theEnvironmentsCaCountsOnlyForThatEnvironment() {
        ThresholdBreached breach = breached(production, "staging", tls(fourHundredDays));

        assertThat(breach.reason()).contains("(400 days) > 30 days; chain invalid (2 certificates): NO_TRUST_ANCHOR");
    }

    @Test
    void anUnreadableTrustStoreIsNamedWithoutItsPassword() {
        ThresholdBreached breach = breached(withWrongTrustPassword, "production", tls(fourHundredDays));

        assertThat(breach.reason())
                .contains("chain invalid (2 certificates): NO_TRUST_ANCHOR")
                .contains("the trust store of environment production (" + keys.resolve("trust.p12")
                        + ") could not be read: IOException")
                .doesNotContain(TRUST_PASSWORD);
    }

    @Test
    void noHandshakeWhereNothingListensIsAnError() throws IOException {
        int closed;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        ThresholdBreached breach = breached(
                production,
                "production",
                Check.tlsCertificate("tls-certificate", "https://localhost:" + closed + "/", 30));

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.TLS_CERTIFICATE_INVALID);
        assertThat(breach.reason())
                .startsWith("no TLS handshake with https://localhost:" + closed + "/: ConnectException");
        assertThat(breach.measurements()).extracting(Measurement::status).containsExactly(Measurement.Status.ERROR);
    }

    @Test
    void httpAnswering301ToHttpsPasses() {
        StepSucceeded passed = passed(production, "production", Check.httpsRedirect("https-redirect", httpUrl("/")));

        assertThat(passed.summary())
                .isEqualTo("1 of 1 checks passed (100%); " + httpUrl("/") + " answered 301 -> "
                        + httpsUrl(fourHundredDays, "/"));
    }

    @Test
    void httpAnswering200WithoutRedirectFails() {
        ThresholdBreached breach =
                breached(production, "production", Check.httpsRedirect("https-redirect", httpUrl("/plain")));

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.HTTPS_NOT_ENFORCED);
        assertThat(breach.reason())
                .isEqualTo(httpUrl("/plain") + " answered 200, no redirect; expected 301 to an https:// location");
    }

    @Test
    void hstsOfAYearPasses() {
        StepSucceeded passed = passed(production, "production", hsts(httpsUrl(fourHundredDays, "/")));

        assertThat(passed.summary())
                .endsWith(" answered 200 with Strict-Transport-Security \"" + ONE_YEAR
                        + "\": max-age 31536000 >= 31536000 s");
    }

    @Test
    void hstsMissingFailsSayingSo() {
        ThresholdBreached breach = breached(production, "production", hsts(httpsUrl(fourHundredDays, "/no-hsts")));

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.HTTPS_NOT_ENFORCED);
        assertThat(breach.reason())
                .isEqualTo(httpsUrl(fourHundredDays, "/no-hsts")
                        + " answered 200 without Strict-Transport-Security; expected max-age >= 31536000 s");
    }

    @Test
    void hstsWithAShortMaxAgeFailsNamingTheValue() {
        ThresholdBreached breach = breached(production, "production", hsts(httpsUrl(fourHundredDays, "/short-hsts")));

        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.HTTPS_NOT_ENFORCED);
        assertThat(breach.reason())
                .endsWith("answered 200 with Strict-Transport-Security \"max-age=600\": max-age 600 < 31536000 s");
    }

    /** The whole of Phase 5 as the coordinator sends it: its row lists every measured fact. */
    @Test
    void serviceValidationWithAPublicUrlListsWhatItMeasured() {
        String publicUrl = httpsUrl(fourHundredDays, "/");
        RunChecks run = new RunChecks(
                "http://localhost:" + http.getAddress().getPort(),
                List.of(
                        Check.status("health", "/health"),
                        new Check("version", CheckKind.VERSION_REPORTED, "/health", 200, null),
                        Check.tlsCertificate("tls-certificate", publicUrl, 30),
                        Check.httpsRedirect("https-redirect", httpUrl("/")),
                        Check.hsts("hsts", publicUrl, 31_536_000L)),
                "1.4.0",
                100,
                2_000,
                "production",
                List.of());

        EventBody verdict = carryOut(production, run);

        assertThat(verdict).isInstanceOf(StepSucceeded.class);
        assertThat(((StepSucceeded) verdict).summary())
                .startsWith("5 of 5 checks passed (100%), version 1.4.0; certificate CN=localhost valid until ")
                .contains("(400 days) > 30 days; chain valid (2 certificates); " + httpUrl("/") + " answered 301 -> ")
                .endsWith("max-age 31536000 >= 31536000 s");
    }

    private static Check tls(HttpsServer server) {
        return Check.tlsCertificate("tls-certificate", httpsUrl(server, "/"), 30);
    }

    private static Check hsts(String url) {
        return Check.hsts("hsts", url, 31_536_000L);
    }

    private static StepSucceeded passed(ValidationCommandHandler handler, String environment, Check check) {
        EventBody verdict = carryOut(handler, single(environment, check));
        assertThat(verdict).isInstanceOf(StepSucceeded.class);
        return (StepSucceeded) verdict;
    }

    private static ThresholdBreached breached(ValidationCommandHandler handler, String environment, Check check) {
        EventBody verdict = carryOut(handler, single(environment, check));
        assertThat(verdict).isInstanceOf(ThresholdBreached.class);
        return (ThresholdBreached) verdict;
    }

    private static RunChecks single(String environment, Check check) {
        return new RunChecks(
                "http://localhost:" + http.getAddress().getPort(), List.of(check), null, 100, 2_000, environment, null);
    }

    /** The handler's verdict, after its StepStarted. */
    private static EventBody carryOut(ValidationCommandHandler handler, RunChecks run) {
        List<EventBody> reported = new ArrayList<>();
        handler.carryOut(
                Command.of(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), Phase.SERVICE_VALIDATION, run),
                reported::add);
        assertThat(reported).hasSize(2);
        assertThat(reported.get(0)).isInstanceOf(StepStarted.class);
        return reported.get(1);
    }

    private static ValidationCommandHandler handler(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("runway.validator.request-timeout", "2s");
        ValidatorConfig config = new SmallRyeConfigBuilder()
                .withMapping(ValidatorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 100))
                .build()
                .getConfigMapping(ValidatorConfig.class);
        EnvironmentTrust trust = new EnvironmentTrust(config);
        Clock clock = Clock.systemUTC();
        return new ValidationCommandHandler(
                new JdkHttpProbe(config, trust),
                new JdkTlsProbe(trust, clock, config),
                new PrometheusMonitoring(config),
                clock);
    }

    private static void signedLeaf(String name, String startDate, int validityDays) throws Exception {
        String csr = keys.resolve(name + ".csr").toString();
        String pem = keys.resolve(name + ".pem").toString();
        keytool(
                "-genkeypair",
                "-alias",
                "leaf",
                "-dname",
                "CN=localhost",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-keystore",
                store(name),
                "-storepass",
                STORE_PASSWORD);
        keytool("-certreq", "-alias", "leaf", "-file", csr, "-keystore", store(name), "-storepass", STORE_PASSWORD);
        keytool(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-infile",
                csr,
                "-outfile",
                pem,
                "-startdate",
                startDate,
                "-validity",
                Integer.toString(validityDays),
                "-ext",
                SAN,
                "-ext",
                "eku=serverAuth",
                "-keystore",
                store("ca"),
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                keys.resolve("ca.pem").toString(),
                "-keystore",
                store(name),
                "-storepass",
                STORE_PASSWORD);
        keytool("-importcert", "-alias", "leaf", "-file", pem, "-keystore", store(name), "-storepass", STORE_PASSWORD);
    }

    private static X509Certificate leaf(String name) throws Exception {
        return (X509Certificate) keyStore(name).getCertificate("leaf");
    }

    private static KeyStore keyStore(String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store(name))) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        return store;
    }

    private static String store(String name) {
        return keys.resolve(name + ".p12").toString();
    }

    /** An HTTPS server presenting {@code name}'s key and chain: "/" with a year of HSTS, and two paths without it. */
    private static HttpsServer https(String name) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore(name), STORE_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Strict-Transport-Security", ONE_YEAR);
            answer(exchange, 200, "ok");
        });
        server.createContext("/no-hsts", exchange -> answer(exchange, 200, "ok"));
        server.createContext("/short-hsts", exchange -> {
            exchange.getResponseHeaders().add("Strict-Transport-Security", "max-age=600");
            answer(exchange, 200, "ok");
        });
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String httpsUrl(HttpsServer server, String path) {
        return "https://localhost:" + server.getAddress().getPort() + path;
    }

    private static String httpUrl(String path) {
        return "http://localhost:" + http.getAddress().getPort() + path;
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.add("-storetype");
        command.add("PKCS12");
        Path log = Files.createTempFile(keys, "keytool", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("keytool %s finished", arguments[0])
                .isTrue();
        assertThat(process.exitValue())
                .as("keytool %s: %s", arguments[0], Files.readString(log))
                .isZero();
    }
}
