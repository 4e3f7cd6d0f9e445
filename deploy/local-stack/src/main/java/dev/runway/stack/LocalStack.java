package dev.runway.stack;

import dev.runway.infra.KafkaBroker;
import dev.runway.infra.PostgresClientTools;
import dev.runway.infra.PostgresServer;
import dev.runway.infra.PrometheusServer;
import dev.runway.infra.PrometheusServer.ScrapeTarget;
import dev.runway.infra.S3Server;
import dev.runway.model.Topics;
import dev.runway.sandbox.ImageCatalogue;
import dev.runway.sandbox.Sandbox;
import dev.runway.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.utils.Exit;

/**
 * Everything a release needs, on one machine and without Docker: a real Kafka broker (KRaft), a
 * real PostgreSQL server, the sandbox (simulated Kubernetes cluster, registry and target
 * application), stand-ins for Slack and PagerDuty, and Runway's five services, each in its own JVM.
 *
 * <p>A JVM that ends on a signal (Ctrl-C, SIGTERM) skips try-with-resources, so the stack also closes itself from a
 * shutdown hook: the service JVMs and the PostgreSQL server would otherwise outlive it and keep their ports.
 */
public final class LocalStack implements AutoCloseable {

    public static final String COORDINATOR = "coordinator";
    public static final String MIGRATOR = "migrator";
    /** The bucket of the stack's in-process S3 that holds the migrator's pre-migration backups. */
    public static final String BACKUP_BUCKET = "runway-backups";

    public static final String ROLLOUT_AGENT = "rollout-agent";
    public static final String VALIDATOR = "validator";
    public static final String NOTIFIER = "notifier";

    /** The demo application's own database, which the migrator changes. */
    public static final String SHOP_DATABASE = "shop";

    /**
     * The role the migrator connects to the shop database as: it owns the shop's schema and tables and nothing else
     * (no superuser, no new databases or roles), so a migration cannot reach past the application it belongs to.
     */
    public static final String SHOP_MIGRATOR_ROLE = "shop_migrator";
    /** The role the validator reads the shop database's health as: pg_monitor, nothing of the shop's own. */
    public static final String SHOP_MONITOR_ROLE = "shop_monitor";
    /** PagerDuty's (made-up) REST id of shop's service, whose open incidents pre-flight asks the stand-in for. */
    public static final String SHOP_PAGERDUTY_SERVICE_ID = "PSHOP01";

    /** Where the demo application runs in the sandbox: its environment, namespace and Deployment. */
    public static final String SHOP_NAMESPACE = "production";

    public static final String SHOP_DEPLOYMENT = "shop";

    public static final String SHOP_CONTAINER = "shop";

    /** The ConfigMap the sandbox seeds for the demo application, which its releases change. */
    public static final String SHOP_CONFIG_MAP = "shop-config";
    /** The notifier's names for where shop's releases are announced, as in deploy/kubernetes/configmap.yaml. */
    public static final String SHOP_CHAT_CHANNEL = "deployments";

    public static final String SHOP_PAGERDUTY_SERVICE = "shop-oncall";

    /**
     * Synthetic traffic to the shop. At 100 requests/s a 2 s rate holds about 150 requests between its first and
     * last scrape, so the one request in fifty that shop 1.8.0 fails shows as 2 to 4 failures, above the 1% rule.
     */
    static final int SHOP_REQUESTS_PER_SECOND = 100;

    /**
     * Prometheus scrapes the shop twice a second, so that a rate over a short range still rests on four scrapes and a
     * guard sees a breach about one second after it began, within one of the demo's 2 s sampling intervals.
     */
    static final Duration SCRAPE_INTERVAL = Duration.ofMillis(500);

    /** Four of this stack's scrapes: a longer range would only make a breach show later. */
    static final String GUARD_MIN_RANGE = "2s";

    /** The alert rules Phase 8 finds loaded in the stack's Prometheus (Step 8.3). */
    static final List<String> SHOP_ALERT_RULES = List.of("ShopHighErrorRate", "ShopDown");

    static final String SHOP_RULES = """
            groups:
              - name: shop
                rules:
                  - alert: ShopHighErrorRate
                    expr: >-
                      sum(rate(http_requests_total{deployment="shop",code=~"5.."}[1m]))
                      / sum(rate(http_requests_total{deployment="shop"}[1m])) > 0.01
                    for: 5m
                  - alert: ShopDown
                    expr: up{deployment="shop"} == 0
                    for: 1m
            """;

    // guarded by this: the shutdown hook may close the stack while the starting thread is still adding to it
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private boolean closed;
    private final Thread closeOnExit = new Thread(this::close, "local-stack-stop");
    private final String shopMigratorPassword = "shop-migrator-" + UUID.randomUUID();
    private final String backupSecretKey = "backup-" + UUID.randomUUID();
    private final String shopMonitorPassword = "shop-monitor-" + UUID.randomUUID();
    private KafkaBroker kafka;
    private PostgresServer postgres;
    private ChatAndPagingStub stub;
    private Sandbox sandbox;
    private PrometheusServer prometheus;
    private IdentityProvider identity;

    private LocalStack() {}

    /**
     * @param fixedPorts the documented ports (coordinator on 8080 and so on) rather than free ones
     * @param workDir    logs and per-service configuration go here
     */
    public static LocalStack start(Path root, Path workDir, boolean fixedPorts) {
        return start(root, workDir, fixedPorts, Map.of());
    }

    /** @param coordinatorConfig added to the coordinator's configuration, e.g. the targets of another application */
    public static LocalStack start(Path root, Path workDir, boolean fixedPorts, Map<String, String> coordinatorConfig) {
        LocalStack stack = new LocalStack();
        Runtime.getRuntime().addShutdownHook(stack.closeOnExit);
        try {
            stack.boot(root, workDir, fixedPorts, coordinatorConfig);
            return stack;
        } catch (RuntimeException | Error e) {
            // An Error too (a class missing from the classpath, say): the servers already started keep
            // non-daemon threads, so the JVM would otherwise stay up holding the documented ports.
            stack.close();
            throw e;
        }
    }

    private void boot(Path root, Path workDir, boolean fixedPorts, Map<String, String> coordinatorConfig) {
        Ports ports = fixedPorts ? Ports.documented() : Ports.free();
        // Kafka's test kit deletes the broker's log directories from a shutdown hook of its own, which runs beside
        // the stack's and pulls them from under the running broker; the broker then halts the JVM before the
        // services are stopped. KafkaBroker.close() deletes them too, after the broker has stopped.
        Exit.setShutdownHookAdder((name, hook) -> {});
        kafka = closeLater(KafkaBroker.start());
        List<String> topics = new ArrayList<>(List.of(
                Topics.MIGRATION_COMMANDS,
                Topics.ROLLOUT_COMMANDS,
                Topics.CACHE_COMMANDS,
                Topics.VALIDATION_COMMANDS,
                Topics.NOTIFICATION_COMMANDS,
                Topics.EVENTS,
                Topics.AUDIT));
        topics.addAll(topics.stream().map(Topics::deadLetter).toList());
        kafka.createTopics(topics, 1);

        // Phase 2's backup, rehearsal and dump restore run Debian's pg_dump, pg_restore and psql in the migrator
        PostgresClientTools.ensureInstalled();
        postgres = closeLater(PostgresServer.start());
        postgres.createDatabase("runway");
        postgres.createDatabase(SHOP_DATABASE);
        seedShopDatabase();
        // where the migrator uploads the shop database's backup before migrating (runbook Step 2.1)
        S3Server s3 = closeLater(S3Server.start("runway-migrator", backupSecretKey));
        s3.createBucket(BACKUP_BUCKET);

        stub = closeLater(ChatAndPagingStub.start(ports.stub()));
        identity = closeLater(IdentityProvider.start(ports.identity()));
        sandbox = closeLater(Sandbox.start(
                new SandboxOptions(ports.kubernetes(), ports.app(), Duration.ofMillis(300), ImageCatalogue.demo(), true)
                        .withRequestsPerSecond(SHOP_REQUESTS_PER_SECOND)));
        // Closed before the sandbox (resources close in reverse), so its last scrape finds the app still up.
        prometheus = closeLater(PrometheusServer.start(
                List.of(ScrapeTarget.of(
                        SHOP_DATABASE,
                        sandbox.appBaseUrl(SHOP_NAMESPACE, SHOP_DEPLOYMENT) + "/metrics",
                        Map.of("namespace", SHOP_NAMESPACE, "deployment", SHOP_DEPLOYMENT))),
                SCRAPE_INTERVAL,
                SHOP_RULES));

        String bootstrap = kafka.bootstrapServers();
        Map<String, String> kafkaConfig = Map.of("kafka.bootstrap.servers", bootstrap);

        Map<String, String> coordinator = new LinkedHashMap<>(kafkaConfig);
        coordinator.put("quarkus.datasource.reactive.url", postgres.reactiveUrl("runway"));
        coordinator.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl("runway"));
        coordinator.put("quarkus.datasource.username", PostgresServer.USER);
        coordinator.put("quarkus.datasource.password", PostgresServer.PASSWORD);
        coordinator.put("runway.coordinator.tick-interval", "1s");
        coordinator.put("quarkus.oidc.auth-server-url", identity.issuer());
        coordinator.put("quarkus.oidc.token.audience", IdentityProvider.AUDIENCE);
        // where shop's production releases go: the spec names only "shop" and "production"
        String shop = "runway.targets.\"shop\".\"" + SHOP_NAMESPACE + "\".";
        coordinator.put(shop + "namespace", SHOP_NAMESPACE);
        coordinator.put(shop + "deployment", SHOP_DEPLOYMENT);
        coordinator.put(shop + "container", SHOP_CONTAINER);
        coordinator.put(shop + "service-url", sandbox.appBaseUrl(SHOP_NAMESPACE, SHOP_DEPLOYMENT));
        coordinator.put(shop + "database", SHOP_DATABASE);
        coordinator.put(shop + "config-map", SHOP_CONFIG_MAP);
        coordinator.put(shop + "registry", ImageCatalogue.REGISTRY_HOST);
        coordinator.put(shop + "repository", "shop");
        coordinator.put(shop + "chat-channel", SHOP_CHAT_CHANNEL);
        coordinator.put(shop + "pagerduty-service", SHOP_PAGERDUTY_SERVICE);
        // pre-flight and Phase 9 measure the shop database and ask the stand-in for open incidents
        coordinator.put(shop + "database-health.max-size", "1G");
        coordinator.put(shop + "pagerduty-service-id", SHOP_PAGERDUTY_SERVICE_ID);
        // Phase 9 asks the sandbox's application about its external integrations (Step 9.3)
        coordinator.put(shop + "integrations", "payments,email");
        // Phase 8 reads the SLOs from the stack's Prometheus and finds its alert rules loaded. The error rate and
        // availability limits are wide: the demo shows the guards deciding on the error rate (release 3's rollback
        // is their ERROR_RATE_SUSTAINED), and the runbook's 0.1% would have Phase 8's own check decide first. The
        // latency limits are the demo's (the sandbox shares two cores with six JVMs). The sandbox has no cAdvisor
        // series and the stack's Prometheus no 30 days of history: the error budget and CPU and memory are left
        // out, and pre-flight's and Phase 9's rows say so.
        coordinator.put(shop + "monitoring.enabled", "true");
        coordinator.put(shop + "monitoring.slo-window", "10s");
        coordinator.put(shop + "monitoring.availability-min-percent", "50");
        coordinator.put(shop + "monitoring.error-rate-max-percent", "50");
        coordinator.put(shop + "monitoring.latency-p95-max-millis", "2000");
        coordinator.put(shop + "monitoring.latency-p99-max-millis", "5000");
        coordinator.put(shop + "monitoring.alert-rules", String.join(",", SHOP_ALERT_RULES));
        coordinator.put(shop + "monitoring.error-budget", "false");
        coordinator.put(shop + "monitoring.resources", "false");
        // the second path for a rollback announcement the notifier did not get through
        coordinator.put("runway.coordinator.fallback-paging.url", stub.pagerDutyBaseUrl());
        coordinator.put("runway.coordinator.fallback-paging.routing-key", stub.routingKey());
        coordinator.putAll(coordinatorConfig);

        Map<String, String> migrator = new LinkedHashMap<>(kafkaConfig);
        migrator.put("runway.databases." + SHOP_DATABASE + ".jdbc-url", postgres.jdbcUrl(SHOP_DATABASE));
        migrator.put("runway.databases." + SHOP_DATABASE + ".username", SHOP_MIGRATOR_ROLE);
        migrator.put("runway.databases." + SHOP_DATABASE + ".password", shopMigratorPassword);
        migrator.put("runway.databases." + SHOP_DATABASE + ".backup.bucket", BACKUP_BUCKET);
        migrator.put("runway.migrator.backup.s3-endpoint", s3.endpoint().toString());
        migrator.put("runway.migrator.backup.access-key", s3.accessKey());
        migrator.put("runway.migrator.backup.secret-key", s3.secretKey());
        migrator.put(
                "runway.migrator.backup.work-directory",
                workDir.resolve("backups").toString());

        Map<String, String> rollout = new LinkedHashMap<>(kafkaConfig);
        rollout.put("quarkus.kubernetes-client.api-server-url", sandbox.kubernetesUrl());
        rollout.put("quarkus.kubernetes-client.trust-certs", "true");
        rollout.put("runway.registry.url", sandbox.registryUrl());

        Map<String, String> notifier = new LinkedHashMap<>(kafkaConfig);
        // the stand-in answers every channel and service alike; the names are what the coordinator checks
        for (String channel : List.of("default", SHOP_CHAT_CHANNEL)) {
            notifier.put("runway.chat.channels." + channel + ".webhook-url", stub.webhookUrl());
        }
        notifier.put("runway.pagerduty.events-url", stub.eventsUrl());
        for (String service : List.of("default", SHOP_PAGERDUTY_SERVICE)) {
            notifier.put("runway.pagerduty.services." + service + ".routing-key", stub.routingKey());
        }

        service(root, workDir, COORDINATOR, ports.coordinator(), coordinator);
        service(root, workDir, MIGRATOR, ports.migrator(), migrator);
        service(root, workDir, ROLLOUT_AGENT, ports.rolloutAgent(), rollout);
        Map<String, String> validator = new LinkedHashMap<>(kafkaConfig);
        validator.put("runway.validator.environments." + SHOP_NAMESPACE + ".prometheus-url", prometheus.url());
        validator.put("runway.validator.environments." + SHOP_NAMESPACE + ".min-range", GUARD_MIN_RANGE);
        // the sandbox's cart wants a bearer token, any: this one stands for a test account's
        validator.put(
                "runway.validator.environments." + SHOP_NAMESPACE + ".credentials." + DemoReleases.CHECKOUT_CREDENTIAL
                        + ".value",
                "Bearer runway-demo-checkout-bot");
        validator.put("runway.validator.databases." + SHOP_DATABASE + ".jdbc-url", postgres.jdbcUrl(SHOP_DATABASE));
        validator.put("runway.validator.databases." + SHOP_DATABASE + ".username", SHOP_MONITOR_ROLE);
        validator.put("runway.validator.databases." + SHOP_DATABASE + ".password", shopMonitorPassword);
        validator.put("runway.validator.pagerduty.api-url", stub.pagerDutyBaseUrl());
        validator.put("runway.validator.pagerduty.api-token", stub.restApiToken());
        validator.put("runway.validator.pagerduty.events-url", stub.pagerDutyBaseUrl());
        validator.put(
                "runway.validator.pagerduty.routing-keys." + SHOP_PAGERDUTY_SERVICE_ID, stub.testAlertRoutingKey());
        // pre-flight's nodes and pods, Phase 5's endpoints and Phase 9's restarts, read from the sandbox's API server
        validator.put(
                "runway.validator.environments." + SHOP_NAMESPACE + ".cluster.master-url", sandbox.kubernetesUrl());

        service(root, workDir, VALIDATOR, ports.validator(), validator);
        service(root, workDir, NOTIFIER, ports.notifier(), notifier);
        services().forEach(this::startService);
        services().forEach(s -> s.awaitReady(Duration.ofSeconds(120)));
    }

    private synchronized void service(Path root, Path workDir, String name, int port, Map<String, String> config) {
        Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        try {
            Files.createDirectories(workDir.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + workDir, e);
        }
        services.put(name, new ServiceProcess(name, jar, workDir.resolve(name).toAbsolutePath(), port, config));
    }

    private synchronized void startService(ServiceProcess service) {
        if (closed) {
            throw new IllegalStateException("the local stack was stopped while starting");
        }
        service.start();
    }

    /**
     * The demo application's table before any release, which its migrations change, and the migrator's role, which
     * owns the schema and the table (Liquibase's own tables land there too) without owning the database; and the
     * validator's role, which may read the server's statistics (pg_monitor) and nothing else.
     */
    private void seedShopDatabase() {
        try (Connection c = DriverManager.getConnection(
                        postgres.jdbcUrl(SHOP_DATABASE), PostgresServer.USER, PostgresServer.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS customer (id serial PRIMARY KEY, name text NOT NULL)");
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + SHOP_MIGRATOR_ROLE
                    + "') THEN CREATE ROLE " + SHOP_MIGRATOR_ROLE
                    + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF; END $$");
            // CREATEDB: the migrator rehearses each release's migrations on a scratch copy first (runbook Step 2.2)
            s.execute("ALTER ROLE " + SHOP_MIGRATOR_ROLE + " CREATEDB PASSWORD '" + shopMigratorPassword + "'");
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + SHOP_MONITOR_ROLE
                    + "') THEN CREATE ROLE " + SHOP_MONITOR_ROLE + " LOGIN IN ROLE pg_monitor; END IF; END $$");
            s.execute("ALTER ROLE " + SHOP_MONITOR_ROLE + " PASSWORD '" + shopMonitorPassword + "'");
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            s.execute("ALTER SCHEMA public OWNER TO " + SHOP_MIGRATOR_ROLE);
            s.execute("ALTER TABLE customer OWNER TO " + SHOP_MIGRATOR_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not seed the shop database", e);
        }
    }

    /** A client whose calls carry the demo users' tokens. */
    public CoordinatorClient coordinator() {
        return new CoordinatorClient(service(COORDINATOR).url(), identity::token);
    }

    /** The OpenID Connect issuer the coordinator trusts, and the demo users' tokens. */
    /** The migrator's S3 secret key for the backups: a secret, which no log, event or message may show. */
    public String backupSecretKey() {
        return backupSecretKey;
    }

    public IdentityProvider identity() {
        return identity;
    }

    public synchronized ServiceProcess service(String name) {
        return services.get(name);
    }

    public synchronized List<ServiceProcess> services() {
        return List.copyOf(services.values());
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public ChatAndPagingStub stub() {
        return stub;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PrometheusServer prometheus() {
        return prometheus;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    private synchronized <T extends AutoCloseable> T closeLater(T resource) {
        if (closed) {
            closeQuietly(resource);
            throw new IllegalStateException("the local stack was stopped while starting");
        }
        toClose.add(resource);
        return resource;
    }

    /** Stops the services side by side, then the infrastructure they use, in reverse order of start. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        services.values().forEach(ServiceProcess::stop);
        services.values().forEach(ServiceProcess::close);
        for (int i = toClose.size() - 1; i >= 0; i--) {
            closeQuietly(toClose.get(i));
        }
        if (Thread.currentThread() != closeOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(closeOnExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the hook finds the stack closed
            }
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("while stopping the local stack: " + e.getMessage());
        }
    }

    /** Where each part listens. */
    record Ports(
            int coordinator,
            int migrator,
            int rolloutAgent,
            int validator,
            int notifier,
            int kubernetes,
            int app,
            int stub,
            int identity) {

        static Ports documented() {
            return new Ports(8080, 8081, 8082, 8083, 8084, 18443, 18080, 18090, 18180);
        }

        static Ports free() {
            FreePorts free = new FreePorts();
            return new Ports(
                    free.next(),
                    free.next(),
                    free.next(),
                    free.next(),
                    free.next(),
                    free.next(),
                    free.next(),
                    free.next(),
                    free.next());
        }
    }
}
