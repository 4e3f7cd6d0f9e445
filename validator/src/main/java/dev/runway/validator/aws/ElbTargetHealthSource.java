package dev.runway.validator.aws;

import java.util.List;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** {@link TargetHealthSource} on the AWS SDK v2 ELBv2 client: one {@code DescribeTargetHealth} per check. */
public final class ElbTargetHealthSource implements TargetHealthSource {

    private final ElasticLoadBalancingV2Client client;

    public ElbTargetHealthSource(ElasticLoadBalancingV2Client client) {
        this.client = client;
    }

    @Override
    public List<TargetHealth> describe(String targetGroupArn) {
        return client.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)).targetHealthDescriptions().stream()
                .map(ElbTargetHealthSource::target)
                .toList();
    }

    private static TargetHealth target(TargetHealthDescription d) {
        var health = d.targetHealth();
        return new TargetHealth(
                d.target().id(),
                d.target().port(),
                health == null ? "unknown" : health.stateAsString(),
                health == null ? null : health.reasonAsString(),
                health == null ? null : health.description());
    }
}
