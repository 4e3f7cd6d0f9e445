package dev.runway.migrator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.UUID;

/**
 * RDS's answers as its Query API documents them (API version 2014-10-31, XML in that namespace). The snapshot's name
 * is read from the request's form, as RDS answers with the snapshot it was asked for.
 */
public final class RdsQueryApi {

    public static final String NAMESPACE = "http://rds.amazonaws.com/doc/2014-10-31/";

    private RdsQueryApi() {}

    /** {@code DescribeDBSnapshots} of a name that does not exist. */
    public static ResponseDefinitionBuilder snapshotNotFound() {
        return aResponse()
                .withStatus(404)
                .withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type>"
                        + "<Code>DBSnapshotNotFound</Code><Message>DBSnapshot not found.</Message></Error>"
                        + "<RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    /** A {@code CreateDBSnapshotResponse} or {@code DescribeDBSnapshotsResponse} with one snapshot. */
    public static ResponseDefinitionBuilder snapshot(String action, String instance, String status) {
        String snapshot = "<DBSnapshot>"
                + "<DBSnapshotIdentifier>{{formData request.body 'form' urlDecode=true}}"
                + "{{form.DBSnapshotIdentifier}}</DBSnapshotIdentifier>"
                + "<DBInstanceIdentifier>" + instance + "</DBInstanceIdentifier>"
                + "<SnapshotCreateTime>2026-11-27T14:23:00.000Z</SnapshotCreateTime>"
                + "<Engine>postgres</Engine><EngineVersion>14.22</EngineVersion><AllocatedStorage>20</AllocatedStorage>"
                + "<Status>" + status + "</Status><Port>5432</Port><AvailabilityZone>us-east-1a</AvailabilityZone>"
                + "<SnapshotType>manual</SnapshotType><PercentProgress>"
                + ("available".equals(status) ? "100" : "0") + "</PercentProgress><Encrypted>true</Encrypted>"
                + "</DBSnapshot>";
        String body = "<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action + "Result>"
                + ("CreateDBSnapshot".equals(action) ? snapshot : "<DBSnapshots>" + snapshot + "</DBSnapshots>")
                + "</" + action + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID()
                + "</RequestId></ResponseMetadata></" + action + "Response>";
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/xml")
                .withBody(body)
                .withTransformers("response-template");
    }
}
