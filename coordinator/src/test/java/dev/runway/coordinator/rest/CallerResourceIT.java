package dev.runway.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@TestProfile(TargetsProfile.class)
class CallerResourceIT {

    @Test
    void meAnswersTheTokensSubjectAndItsRunwayRoles() {
        given().auth()
                .oauth2(Tokens.of("lee", "deployment-lead"))
                .when()
                .get("/me")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("subject", equalTo("lee"))
                .body("roles", contains("deployment-lead"));
    }

    @Test
    void meListsEveryRunwayRoleTheTokenHoldsAndNoClaimValueOutsideThem() {
        given().auth()
                .oauth2(Tokens.of("kim", "dba", "viewer", "payroll-admins"))
                .when()
                .get("/me")
                .then()
                .statusCode(200)
                .body("subject", equalTo("kim"))
                .body("roles", containsInAnyOrder("dba", "viewer"));
    }

    @Test
    void meNeedsAValidTokenWithARunwayRole() {
        given().when().get("/me").then().statusCode(401);
        given().auth().oauth2("not.a.token").when().get("/me").then().statusCode(401);
        given().auth()
                .oauth2(Tokens.of("pat", "payroll-admins"))
                .when()
                .get("/me")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }
}
