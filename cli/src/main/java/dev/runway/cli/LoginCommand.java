package dev.runway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Stores the coordinator's URL and a bearer token, once the coordinator has accepted the token. */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Signs in: checks the token with the coordinator (GET /me), then stores the URL and the token owner-only"
                    + " in $RUNWAY_CONFIG or ~/.config/runway/config.json. The token is never printed.",
            "The local stack writes one token file per demo user: deploy/local-stack/target/local-stack/tokens/<user>."
        })
final class LoginCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            description = "the coordinator, e.g. http://127.0.0.1:8080 (default: RUNWAY_URL, then the stored URL)")
    String url;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--token-file", description = "a file holding the bearer token", paramLabel = "<path>")
        Path tokenFile;

        @Option(
                names = "--token",
                description = "'-' reads the token from standard input (a token on the command line would land in"
                        + " the shell's history)",
                paramLabel = "-")
        String token;

        @ArgGroup(exclusive = false)
        Oidc oidc;
    }

    /** OpenID Connect's password grant; the password is asked for without echo. */
    static final class Oidc {
        @Option(names = "--issuer", required = true, description = "the OpenID Connect issuer URL")
        String issuer;

        @Option(names = "--client-id", required = true, description = "the client allowed the password grant")
        String clientId;

        @Option(names = "--username", required = true)
        String username;

        @Option(
                names = "--client-secret-file",
                description = "for a confidential client: a file holding its secret",
                paramLabel = "<path>")
        Path clientSecretFile;
    }

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        Config stored = Config.load(env);
        String coordinator = url != null ? url.strip().replaceAll("/+$", "") : stored.url();
        if (coordinator == null) {
            throw new ParameterException(spec.commandLine(), "say which coordinator: --url http://host:8080");
        }
        String token = token();
        JsonNode me = new Api(coordinator, token).getJson("/me");
        Path file = Config.file(env);
        new Config(coordinator, token).save(file);
        List<String> roles = new ArrayList<>();
        me.path("roles").forEach(r -> roles.add(r.asText()));
        System.out.printf(
                "Signed in to %s as %s (roles: %s). Saved to %s (owner-only).%n",
                coordinator, me.path("subject").asText("?"), roles.isEmpty() ? "none" : String.join(", ", roles), file);
        if (env.get(Config.TOKEN_VARIABLE) != null) {
            System.err.println("note: " + Config.TOKEN_VARIABLE + " is set and overrides the stored token");
        }
        return ExitCodes.OK;
    }

    private String token() {
        String token;
        if (source.tokenFile != null) {
            try {
                token = Files.readString(source.tokenFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException(ExitCodes.ERROR, "cannot read the token file " + source.tokenFile, e);
            }
        } else if (source.token != null) {
            if (!source.token.equals("-")) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--token takes '-' and reads the token from standard input, so that it stays out of the"
                                + " shell's history");
            }
            token = readLine(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        } else {
            token = passwordGrant(source.oidc);
        }
        String stripped = token == null ? "" : token.strip();
        if (stripped.isEmpty()) {
            throw CliException.notSignedIn("the token is empty");
        }
        return stripped;
    }

    private static String passwordGrant(Oidc oidc) {
        String secret = null;
        if (oidc.clientSecretFile != null) {
            try {
                secret = Files.readString(oidc.clientSecretFile, StandardCharsets.UTF_8)
                        .strip();
            } catch (IOException e) {
                throw new CliException(ExitCodes.ERROR, "cannot read " + oidc.clientSecretFile, e);
            }
        }
        char[] password = password(oidc.username);
        try {
            PasswordLogin login = new PasswordLogin();
            return login.token(login.tokenEndpoint(oidc.issuer), oidc.clientId, secret, oidc.username, password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Without echo on a terminal; from the first line of standard input otherwise (scripts). */
    private static char[] password(String username) {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Password for %s: ", username);
            if (typed == null) {
                throw CliException.notSignedIn("no password given");
            }
            return typed;
        }
        String line = readLine(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        if (line == null) {
            throw CliException.notSignedIn("no password on standard input");
        }
        return line.toCharArray();
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot read standard input", e);
        }
    }
}
