package dev.runway.migrator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.runway.migrator.Redactor;
import dev.runway.migrator.backup.BackupFailed;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/** The snapshot against RDS's Query API as WireMock answers it: the states from which none becomes available. */
class RdsSnapshotsIT {

    private static final String INSTANCE = "shop-prod";
    private static final String SNAPSHOT = "pre-deploy-0b7c6a2e-5f1d-4c3b-9a8e-1d2f3a4b5c6d-20261127-142300";

    private static WireMockServer rds;
    private static RdsClient client;

    @BeforeAll
    static void start() {
        rds = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        rds.start();
        client = RdsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create("http://127.0.0.1:" + rds.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .build();
    }

    @BeforeEach
    void forgetEarlierAnswers() {
        rds.resetAll();
    }

    @AfterAll
    static void stop() {
        client.close();
        rds.stop();
    }

    @Test
    void aSnapshotThatFailsFailsTheBackupSayingSo() {
        describeAnswers("failed");

        assertThatThrownBy(() -> snapshots(Duration.ofSeconds(5)).snapshot(INSTANCE, SNAPSHOT))
                .isInstanceOf(BackupFailed.class)
                .hasMessage("RDS snapshot " + SNAPSHOT + " of " + INSTANCE + " is failed");
    }

    @Test
    void aSnapshotStillCreatingAtTheTimeoutFailsTheBackupNamingTheSetting() {
        describeAnswers("creating");

        assertThatThrownBy(() -> snapshots(Duration.ofMillis(300)).snapshot(INSTANCE, SNAPSHOT))
                .isInstanceOf(BackupFailed.class)
                .hasMessage("RDS snapshot " + SNAPSHOT + " of " + INSTANCE
                        + " was still creating after 0.3s (runway.migrator.backup.snapshot-timeout)");
        assertThat(rds.findAll(
                        postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateDBSnapshot"))))
                .isEmpty();
    }

    @Test
    void aSnapshotOfThatNameOfAnotherInstanceIsNotTakenForThisOne() {
        rds.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeDBSnapshots"))
                .willReturn(RdsQueryApi.snapshot("DescribeDBSnapshots", "billing-prod", "available")));

        assertThatThrownBy(() -> snapshots(Duration.ofSeconds(5)).snapshot(INSTANCE, SNAPSHOT))
                .isInstanceOf(BackupFailed.class)
                .hasMessage("RDS snapshot " + SNAPSHOT + " exists but is of instance billing-prod, not " + INSTANCE);
    }

    @Test
    void aRefusedRequestFailsTheBackupWithRdsWords() {
        rds.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeDBSnapshots"))
                .willReturn(RdsQueryApi.snapshotNotFound()));
        rds.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=CreateDBSnapshot"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "text/xml")
                        .withBody("<ErrorResponse xmlns=\"" + RdsQueryApi.NAMESPACE + "\"><Error><Type>Sender</Type>"
                                + "<Code>SnapshotQuotaExceeded</Code><Message>Cannot create more than 100 manual"
                                + " snapshots</Message></Error><RequestId>r</RequestId></ErrorResponse>")));

        assertThatThrownBy(() -> snapshots(Duration.ofSeconds(5)).snapshot(INSTANCE, SNAPSHOT))
                .isInstanceOf(BackupFailed.class)
                .hasMessageStartingWith("RDS snapshot " + SNAPSHOT + " of " + INSTANCE
                        + " failed: Cannot create more than 100 manual snapshots");
    }

    private void describeAnswers(String status) {
        rds.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeDBSnapshots"))
                .willReturn(RdsQueryApi.snapshot("DescribeDBSnapshots", INSTANCE, status)));
    }

    private RdsSnapshots snapshots(Duration timeout) {
        return new RdsSnapshots(client, Duration.ofMillis(50), timeout, new Redactor(List.of()));
    }
}
