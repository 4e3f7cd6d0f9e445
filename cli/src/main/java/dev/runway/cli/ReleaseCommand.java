package dev.runway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.model.spec.DecisionAction;
import dev.runway.model.spec.GoNoGoVote;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runway release ...}: one subcommand per REST call a person makes about releases. */
@Command(
        name = "release",
        mixinStandardHelpOptions = true,
        description = "Starts, follows, reports on and acts on releases.",
        subcommands = {
            ReleaseCommand.Start.class,
            ReleaseCommand.Follow.class,
            ReleaseCommand.Status.class,
            ReleaseCommand.ListReleases.class,
            ReleaseCommand.Timeline.class,
            ReleaseCommand.Vote.class,
            ReleaseCommand.Decide.class,
            ReleaseCommand.Abort.class,
            ReleaseCommand.Rollback.class,
            ReleaseCommand.IncidentReport.class
        },
        footerHeading = "%n",
        footer = ExitCodes.HELP)
final class ReleaseCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "name a subcommand: start, follow, status, list, timeline, vote, ... (--help)");
    }

    /** The runbook's two manual rollback authorities. */
    enum Authority {
        DEPLOYMENT_LEAD,
        ENGINEERING_MANAGER
    }

    enum TimelineFormat {
        table,
        md,
        csv,
        json
    }

    enum ViewFormat {
        table,
        json
    }

    enum ReportFormat {
        md,
        json
    }

    static Api api() {
        return Api.signedIn(Config.load(System.getenv()));
    }

    static String path(String releaseId) {
        return "/releases/" + Api.encode(releaseId);
    }

    /** Follows on a terminal with a spinner, anywhere else line by line. */
    static int follow(Api api, String releaseId, boolean stopAtDecision) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        try (Screen screen =
                terminal ? Screen.spinner(System.out, System.err, columns()) : Screen.plain(System.out, System.err)) {
            return new Follower(screen, releaseId, stopAtDecision).follow(api);
        }
    }

    private static int columns() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100"));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    static void print(String text) {
        System.out.print(text.endsWith("\n") ? text : text + System.lineSeparator());
        System.out.flush();
    }

    static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return node.toString();
        }
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Starts a release from a spec file, YAML or JSON (told apart by content; '-' reads standard"
                    + " input). Needs the deployer role.",
            footerHeading = "%n",
            footer = ExitCodes.HELP)
    static final class Start implements Callable<Integer> {
        @Option(
                names = {"-f", "--file"},
                required = true,
                description = "the release spec",
                paramLabel = "<release.yaml>")
        Path file;

        @Option(names = "--follow", description = "then follow it until it ends (see release follow)")
        boolean follow;

        @CommandLine.Mixin
        FollowMixin followOptions;

        @Override
        public Integer call() {
            String json = file.toString().equals("-") ? stdinSpec() : SpecReader.read(file);
            Api api = api();
            JsonNode release = Api.json(api.post("/releases", json));
            String id = release.path("id").asText();
            print(String.format(
                    "Release %s started: %s %s to %s (status %s). Follow it: runway release follow %s",
                    id,
                    release.path("application").asText(),
                    release.path("version").asText(),
                    release.path("environment").asText(),
                    release.path("status").asText(),
                    id));
            return follow ? ReleaseCommand.follow(api, id, followOptions.stopAtDecision) : ExitCodes.OK;
        }

        private static String stdinSpec() {
            try {
                return SpecReader.toJson(new String(System.in.readAllBytes(), StandardCharsets.UTF_8), "stdin");
            } catch (java.io.IOException e) {
                throw new CliException(ExitCodes.ERROR, "cannot read standard input", e);
            }
        }
    }

    /** {@code --stop-at-decision}, shared by start and follow. */
    static final class FollowMixin {
        @Option(
                names = "--stop-at-decision",
                description = "with --follow: stop with exit code 13 as soon as the release waits for people (GO/NO-GO"
                        + " votes, or a rollback-or-continue decision)")
        boolean stopAtDecision;
    }

    @Command(
            name = "follow",
            mixinStandardHelpOptions = true,
            description = {
                "Shows the release's phases live from its event stream until it ends: each running phase with its"
                        + " latest progress, each ended phase with its duration and verdict, and whom it waits for."
                        + " Reconnects when the stream drops.",
                "The exit code says how the release ended."
            },
            footerHeading = "%n",
            footer = ExitCodes.HELP)
    static final class Follow implements Callable<Integer> {
        @Parameters(paramLabel = "<id>")
        String id;

        @CommandLine.Mixin
        FollowMixin followOptions;

        @Override
        public Integer call() {
            return follow(api(), id, followOptions.stopAtDecision);
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Where a release stands, and its timeline.")
    static final class Status implements Callable<Integer> {
        @Parameters(paramLabel = "<id>")
        String id;

        @Option(names = "--format", defaultValue = "table", description = "table or json (the API's view)")
        ViewFormat format;

        @Override
        public Integer call() {
            JsonNode release = api().getJson(path(id));
            switch (format) {
                case json -> print(pretty(release));
                case table -> print(summary(release) + System.lineSeparator() + Tables.timeline(release));
            }
            return ExitCodes.OK;
        }

        static String summary(JsonNode r) {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(
                    "Release %s: %s %s to %s, requested by %s",
                    r.path("id").asText(),
                    r.path("application").asText(),
                    r.path("version").asText(),
                    r.path("environment").asText(),
                    r.path("requestedBy").asText()));
            String phase = r.path("currentPhase").isTextual()
                    ? ", phase " + r.path("currentPhase").asText()
                    : "";
            String took = r.path("durationSeconds").isNumber()
                    ? ", took "
                            + Tables.duration(java.time.Duration.ofSeconds(
                                    r.path("durationSeconds").asLong()))
                    : "";
            lines.add("Status: " + r.path("status").asText() + phase + took);
            lines.add("Image:  " + r.path("image").asText(""));
            JsonNode rollback = r.path("rollback");
            if (rollback.isObject()) {
                lines.add("Rollback: " + rollback.path("trigger").asText() + ": "
                        + Tables.oneLine(rollback.path("reason").asText("")));
            }
            JsonNode vote = r.path("vote");
            if (vote.isObject()) {
                List<String> missing = new ArrayList<>();
                vote.path("missing").forEach(m -> missing.add(m.asText()));
                lines.add("GO/NO-GO: missing " + (missing.isEmpty() ? "none" : String.join(", ", missing))
                        + (vote.path("migrationsHash").isTextual()
                                ? "; migrationsHash "
                                        + vote.path("migrationsHash").asText()
                                : ""));
            }
            JsonNode decision = r.path("decision");
            if (decision.isObject()) {
                lines.add("Decision awaited: " + decision.path("trigger").asText() + " ("
                        + decision.path("rule").asText() + "): "
                        + Tables.oneLine(decision.path("evidence").asText("")));
            }
            JsonNode request = r.path("rollbackRequest");
            if (request.isObject() && !request.path("missing").isEmpty()) {
                List<String> missing = new ArrayList<>();
                request.path("missing").forEach(m -> missing.add(m.asText()));
                lines.add("Manual rollback requested; waiting for " + String.join(" or ", missing));
            }
            return String.join(System.lineSeparator(), lines) + System.lineSeparator();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The latest 100 releases, newest first.")
    static final class ListReleases implements Callable<Integer> {
        @Option(names = "--application")
        String application;

        @Option(names = "--environment")
        String environment;

        @Option(names = "--format", defaultValue = "table", description = "table or json")
        ViewFormat format;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("application", application);
            query.put("environment", environment);
            JsonNode releases = api().getJson("/releases" + Api.query(query));
            switch (format) {
                case json -> print(pretty(releases));
                case table -> print(Tables.releases(releases));
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "timeline",
            mixinStandardHelpOptions = true,
            description = "The runbook's Appendix B timeline: table (drawn here), md or csv (the coordinator's"
                    + " report, with totals), json (the report's rows).")
    static final class Timeline implements Callable<Integer> {
        @Parameters(paramLabel = "<id>")
        String id;

        @Option(names = "--format", defaultValue = "table", description = "table, md, csv or json")
        TimelineFormat format;

        @Override
        public Integer call() {
            Api api = api();
            switch (format) {
                case table -> print(Tables.timeline(api.getJson(path(id))));
                case md -> print(api.getText(path(id) + "/timeline", "text/markdown"));
                case csv -> print(api.getText(path(id) + "/timeline", "text/csv"));
                case json -> print(api.getText(path(id) + "/timeline", "application/json"));
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "vote",
            mixinStandardHelpOptions = true,
            description = "Casts your GO or NO-GO for a role your token holds, once GO/NO-GO is open. A"
                    + " DATABASE_ADMINISTRATOR's GO carries the migrations' hash the release shows.")
    static final class Vote implements Callable<Integer> {
        @Parameters(paramLabel = "<id>")
        String id;

        @Option(names = "--role", required = true, description = "${COMPLETION-CANDIDATES}")
        GoNoGoVote.Role role;

        @Option(names = "--decision", required = true, description = "${COMPLETION-CANDIDATES}")
        GoNoGoVote.Decision decision;

        @Option(names = "--comment")
        String comment;

        @Option(
                names = "--migrations-hash",
                description = "the release's vote.migrationsHash (runway release status <id>), for a DBA's GO")
        String migrationsHash;

        @Option(
                names = "--skip-rehearsal",
                description = "a DBA's GO only: consent to migrating without a rehearsal on a scratch database")
        boolean skipRehearsal;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode().put("role", role.name()).put("decision", decision.name());
            if (comment != null) {
                body.put("comment", comment);
            }
            if (migrationsHash != null) {
                body.put("migrationsHash", migrationsHash);
            }
            if (skipRehearsal) {
                body.put("skipRehearsal", true);
            }
            JsonNode release = Api.json(api().post(path(id) + "/votes", body.toString()));
            JsonNode vote = release.path("vote");
            List<String> missing = new ArrayList<>();
            vote.path("missing").forEach(m -> missing.add(m.asText()));
            print(String.format(
                    "Vote recorded: %s as %s. %s",
                    decision,
                    role,
                    missing.isEmpty()
                            ? "Release is " + release.path("status").asText() + "."
                            : "Still missing: " + String.join(", ", missing) + "."));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "decide",
            mixinStandardHelpOptions = true,
            description = "Rolls the release back or lets it continue when it awaits a decision (deployment-lead).")
    static final class Decide implements Callable<Integer> {
        @Parameters(paramLabel = "<id>")
        String id;

        @Option(names = "--action", required = true, description = "${COMPLETION-CANDIDATES}")
        DecisionAction action;

        @Option(names = "--reason", required = true, description = "why; a row of the timeline")
        String reason;

        @Override
        public Integer call() {
            String body = JSON.createObjectNode()
                    .put("action", action.name())
                    .put("reason", reason)
                    .toString();
            JsonNode release = Api.json(api().post(path(id) + "/decisions", body));
            print("Decision recorded: " + action + ". Release is "
                    + release.path("status").asText() + ".");
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "abort",
            mixinStandardHelpOptions = true,
            description = "Stops a release before anything in production changed (deployment-lead).")
    static final class Abort implements Callable<Integer> {
        @Parameters(paramLabel = "<id>")
        String id;

        @Option(names = "--reason")
        String reason;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode();
            if (reason != null) {
                body.put("reason", reason);
            }
            JsonNode release = Api.json(api().post(path(id) + "/abort", body.toString()));
            print("Release " + id + " is " + release.path("status").asText() + ".");
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Asks for the runbook's manual rollback; it starts once the other authority (deployment"
                    + " lead or engineering manager, another person) asks too.")
    static final class Rollback implements Callable<Integer> {
        @Parameters(paramLabel = "<id>")
        String id;

        @Option(names = "--as", description = "${COMPLETION-CANDIDATES}; needed only when your token holds both roles")
        Authority as;

        @Option(names = "--reason")
        String reason;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode();
            if (reason != null) {
                body.put("reason", reason);
            }
            if (as != null) {
                body.put("as", as.name());
            }
            HttpResponse<String> response = api().post(path(id) + "/rollback", body.toString());
            JsonNode release = Api.json(response);
            if (response.statusCode() == 202) {
                List<String> missing = new ArrayList<>();
                release.path("rollbackRequest").path("missing").forEach(m -> missing.add(m.asText()));
                print("Rollback requested; it starts when " + String.join(" or ", missing)
                        + " asks too (another person).");
            } else {
                print("Rollback started: release " + id + " is "
                        + release.path("status").asText() + ".");
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "incident-report",
            mixinStandardHelpOptions = true,
            description = "The incident report of a release that rolled back, failed or was aborted after changes.")
    static final class IncidentReport implements Callable<Integer> {
        @Parameters(paramLabel = "<id>")
        String id;

        @Option(names = "--format", defaultValue = "md", description = "md or json")
        ReportFormat format;

        @Override
        public Integer call() {
            Api api = api();
            switch (format) {
                case md -> print(api.getText(path(id) + "/incident-report", "text/markdown"));
                case json -> print(api.getText(path(id) + "/incident-report", "application/json"));
            }
            return ExitCodes.OK;
        }
    }
}
