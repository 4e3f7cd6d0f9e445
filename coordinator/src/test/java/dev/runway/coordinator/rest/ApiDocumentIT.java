package dev.runway.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.coordinator.release.Violation;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is public and complete: every endpoint of the coordinator and every problem type it answers
 * is in it. Endpoints and problem types are found by reflection over the application's classes, so one added later
 * without its annotations fails here.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@TestProfile(TargetsProfile.class)
class ApiDocumentIT {

    private static final String COMPONENT_EXAMPLES = "#/components/examples/";

    private static JsonNode document;

    /**
     * An endpoint as the document names it ({@code get /releases/{id}}), and the roles its {@code @RolesAllowed} names
     * (empty without one; null for {@code @PermitAll}).
     */
    private record Endpoint(String method, String path, Set<String> roles) {
        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    /** A problem the coordinator can answer, and where it comes from. */
    private record ProblemType(String type, int status, String source) {}

    /** A problem body given as an example, and the status of the response it is given under (0: not under one). */
    private record ProblemExample(String type, int status, int responseStatus, String where) {}

    /** Fetched once, without a token; the HTTP port is known only once the first test runs. */
    private static synchronized JsonNode document() throws IOException {
        if (document == null) {
            String json = given().when()
                    .get("/q/openapi?format=json")
                    .then()
                    .statusCode(200)
                    .contentType(containsString("json"))
                    .extract()
                    .asString();
            document = new ObjectMapper().readTree(json);
        }
        return document;
    }

    @Test
    void theDocumentIsServedAsYamlAndSwaggerUiAnswersWithoutAToken() {
        given().when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .contentType(containsString("yaml"))
                .body(containsString("/releases/{id}/rollback:"));
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger-ui"));
    }

    @Test
    void everyEndpointNeedsABearerJwtWithTheRolesItAllows() throws Exception {
        JsonNode scheme = document().at("/components/securitySchemes/bearer");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asText()).isEqualTo("JWT");

        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpointsOfTheApplication()) {
            JsonNode security = document()
                    .path("paths")
                    .path(endpoint.path())
                    .path(endpoint.method())
                    .path("security");
            Set<String> roles = new HashSet<>();
            security.findValues("bearer").forEach(r -> r.forEach(role -> roles.add(role.asText())));
            boolean asAllowed = endpoint.roles() == null
                    ? security.isEmpty()
                    : !security.findValues("bearer").isEmpty() && roles.equals(endpoint.roles());
            if (!asAllowed) {
                wrong.add(endpoint + ": security " + security + ", expected bearer with " + endpoint.roles());
            }
        }
        assertThat(wrong)
                .as("endpoints whose security is not the bearer scheme with their roles")
                .isEmpty();
    }

    @Test
    void everyEndpointOfTheApplicationIsInTheDocumentWithASummary() throws Exception {
        Set<Endpoint> endpoints = endpointsOfTheApplication();
        assertThat(endpoints)
                .as("the application's endpoints, found by reflection")
                .extracting(Endpoint::toString)
                .contains("POST /releases", "GET /releases/{id}");

        List<String> missing = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            JsonNode operation = document().path("paths").path(endpoint.path()).path(endpoint.method());
            if (operation.isMissingNode()) {
                missing.add(endpoint + ": not in the document");
            } else if (operation.path("summary").asText().isBlank()) {
                missing.add(endpoint + ": no summary (@Operation(summary = ...))");
            }
        }
        assertThat(missing).as("endpoints not documented").isEmpty();
    }

    @Test
    void everyProblemTypeTheCoordinatorAnswersIsInTheDocumentWithAnExampleUnderItsStatus() throws Exception {
        List<ProblemExample> examples = problemExamples();
        List<ProblemType> problems = new ArrayList<>(problemsOfTheFactoryMethods());
        assertThat(problems)
                .as("problem types made by Problem's factory methods")
                .extracting(ProblemType::type)
                .contains("https://runway.dev/problems/invalid-release-spec");

        List<String> missing = new ArrayList<>();
        for (ProblemType problem : problems) {
            boolean answered = examples.stream()
                    .anyMatch(e -> e.type().equals(problem.type()) && e.responseStatus() == problem.status());
            if (!answered) {
                missing.add(problem + ": no example under an operation's " + problem.status() + " response");
            }
        }
        // a framework error is not an operation's answer (an unknown path has no operation): an example suffices
        for (ProblemType problem : problemsOfTheExceptionMappers()) {
            boolean given =
                    examples.stream().anyMatch(e -> e.type().equals(problem.type()) && e.status() == problem.status());
            if (!given) {
                missing.add(problem + ": no example in the document");
            }
        }
        assertThat(missing).as("problem types without an example").isEmpty();
    }

    @Test
    void everyProblemExampleUnderAResponseHasThatResponsesStatus() throws IOException {
        List<ProblemExample> examples = problemExamples();
        assertThat(examples).isNotEmpty();
        assertThat(examples)
                .filteredOn(e -> e.responseStatus() != 0 && e.status() != e.responseStatus())
                .as("problem examples whose status is not their response's")
                .isEmpty();
    }

    /** Every HTTP method of every class with {@code @Path} in the application, but those hidden from the document. */
    private static Set<Endpoint> endpointsOfTheApplication() throws IOException, URISyntaxException {
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        for (Class<?> type : applicationClasses()) {
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                String httpMethod = httpMethod(method);
                Operation operation = method.getAnnotation(Operation.class);
                if (httpMethod == null || (operation != null && operation.hidden())) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                RolesAllowed allowed = method.isAnnotationPresent(RolesAllowed.class)
                        ? method.getAnnotation(RolesAllowed.class)
                        : type.getAnnotation(RolesAllowed.class);
                endpoints.add(new Endpoint(
                        httpMethod.toLowerCase(),
                        documentPath(root.value() + "/" + (sub == null ? "" : sub.value())),
                        publicEndpoint(type, method) ? null : allowed == null ? Set.of() : Set.of(allowed.value())));
            }
        }
        return endpoints;
    }

    private static boolean publicEndpoint(Class<?> type, Method method) {
        return method.isAnnotationPresent(PermitAll.class)
                || (type.isAnnotationPresent(PermitAll.class) && !method.isAnnotationPresent(RolesAllowed.class));
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** {@code releases//{id: [0-9a-f-]+}/} is {@code /releases/{id}} in the document. */
    private static String documentPath(String jaxRsPath) {
        String path = ("/" + jaxRsPath)
                .replaceAll("\\{\\s*(\\w[\\w.-]*)\\s*:[^}]*}", "{$1}")
                .replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The main classes of {@code dev.runway.coordinator}, not the tests'. */
    private static List<Class<?>> applicationClasses() throws IOException, URISyntaxException {
        java.nio.file.Path root = Paths.get(ReleaseResource.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        java.nio.file.Path base = root.resolve("dev/runway/coordinator");
        assertThat(base).as("the coordinator's classes directory").isDirectory();
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(base)) {
            for (java.nio.file.Path file :
                    files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    classes.add(Class.forName(name, false, ReleaseResource.class.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(name + " is in the classes directory but does not load", e);
                }
            }
        }
        return classes;
    }

    /** Calls each of Problem's factory methods; a new one with an argument type unknown here fails, to be added. */
    private static List<ProblemType> problemsOfTheFactoryMethods() throws ReflectiveOperationException {
        List<ProblemType> problems = new ArrayList<>();
        for (Method factory : Problem.class.getDeclaredMethods()) {
            if (!Modifier.isStatic(factory.getModifiers()) || factory.getReturnType() != Problem.class) {
                continue;
            }
            Object[] arguments = new Object[factory.getParameterCount()];
            Class<?>[] types = factory.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                arguments[i] = argumentOf(types[i], factory);
            }
            factory.setAccessible(true);
            Problem problem = (Problem) factory.invoke(null, arguments);
            problems.add(new ProblemType(problem.type(), problem.status(), "Problem." + factory.getName()));
        }
        return problems;
    }

    private static Object argumentOf(Class<?> type, Method factory) {
        if (type == String.class) {
            return "shop";
        }
        if (type == Violation.class) {
            return new Violation("version", "is required");
        }
        if (type == List.class) {
            return List.of(new Violation("version", "is required"));
        }
        if (type == UUID.class) {
            return UUID.fromString("7d0c8a1e-3f5b-4c2d-9e6a-1b2c3d4e5f60");
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type == int.class || type == Integer.class) {
            return 1;
        }
        if (type == long.class || type == Long.class) {
            return 1L;
        }
        throw new IllegalStateException(
                "Problem." + factory.getName() + " takes a " + type.getName() + ", which this test cannot make yet");
    }

    /** Calls each {@code @ServerExceptionMapper} of the application that answers a Problem. */
    private static List<ProblemType> problemsOfTheExceptionMappers()
            throws IOException, URISyntaxException, ReflectiveOperationException {
        List<ProblemType> problems = new ArrayList<>();
        for (Class<?> type : applicationClasses()) {
            for (Method mapper : type.getDeclaredMethods()) {
                if (!mapper.isAnnotationPresent(ServerExceptionMapper.class)) {
                    continue;
                }
                assertThat(mapper.getParameterCount())
                        .as("%s.%s takes only its exception", type.getSimpleName(), mapper.getName())
                        .isEqualTo(1);
                Object instance = Modifier.isStatic(mapper.getModifiers()) ? null : construct(type);
                mapper.setAccessible(true);
                Object answer;
                try {
                    answer = mapper.invoke(instance, construct(mapper.getParameterTypes()[0]));
                } catch (InvocationTargetException e) {
                    throw new IllegalStateException(type.getSimpleName() + "." + mapper.getName() + " failed", e);
                }
                if (answer instanceof Response response && response.getEntity() instanceof Problem problem) {
                    problems.add(new ProblemType(
                            problem.type(), problem.status(), type.getSimpleName() + "." + mapper.getName()));
                }
            }
        }
        return problems;
    }

    private static Object construct(Class<?> type) throws ReflectiveOperationException {
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    /** Every example of an application/problem+json body in the document, with references resolved. */
    private static List<ProblemExample> problemExamples() throws IOException {
        JsonNode document = document();
        List<ProblemExample> found = new ArrayList<>();
        Map<String, JsonNode> components = new HashMap<>();
        document.at("/components/examples").properties().forEach(e -> components.put(e.getKey(), e.getValue()));
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(operation -> operation
                                .getValue()
                                .path("responses")
                                .properties()
                                .forEach(response -> {
                                    int status = response.getKey().matches("\\d{3}")
                                            ? Integer.parseInt(response.getKey())
                                            : 0;
                                    JsonNode examples = response.getValue()
                                            .path("content")
                                            .path(Problem.MEDIA_TYPE)
                                            .path("examples");
                                    examples.properties().forEach(example -> {
                                        JsonNode resolved = resolve(example.getValue(), components);
                                        String where = operation.getKey() + " " + path.getKey() + " "
                                                + response.getKey() + " " + example.getKey();
                                        found.add(problemExample(resolved, status, where));
                                    });
                                })));
        components.forEach((name, example) -> {
            if (example.path("value").has("type")) {
                found.add(problemExample(example, 0, COMPONENT_EXAMPLES + name));
            }
        });
        return found;
    }

    private static JsonNode resolve(JsonNode example, Map<String, JsonNode> components) {
        String ref = example.path("$ref").asText();
        if (ref.isEmpty()) {
            return example;
        }
        assertThat(ref).startsWith(COMPONENT_EXAMPLES);
        JsonNode target = components.get(ref.substring(COMPONENT_EXAMPLES.length()));
        assertThat(target).as("the example %s refers to", ref).isNotNull();
        return target;
    }

    private static ProblemExample problemExample(JsonNode example, int responseStatus, String where) {
        JsonNode value = example.path("value");
        if (value.isTextual()) {
            try {
                value = new ObjectMapper().readTree(value.asText());
            } catch (IOException e) {
                throw new UncheckedIOException(where + ": the example is not JSON", e);
            }
        }
        assertThat(value.path("type").asText()).as(where + ": type").startsWith("https://runway.dev/problems/");
        assertThat(value.path("title").asText()).as(where + ": title").isNotBlank();
        return new ProblemExample(
                value.path("type").asText(), value.path("status").asInt(), responseStatus, where);
    }
}
