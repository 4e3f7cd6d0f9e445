package dev.runway.validator.aws;

import java.util.List;

/** The health of a load balancer's targets, as ELBv2 {@code DescribeTargetHealth} reports it. */
public interface TargetHealthSource {

    /**
     * @throws RuntimeException when the load balancer's API does not answer or refuses (unknown target group, no
     *     permission); {@code ClusterProbe} turns that into a reading without a value
     */
    List<TargetHealth> describe(String targetGroupArn);

    /**
     * @param id          the instance id, IP address or Lambda ARN
     * @param port        null for a Lambda target
     * @param state       {@code initial}, {@code healthy}, {@code unhealthy}, {@code unhealthy.draining},
     *     {@code unused}, {@code draining} or {@code unavailable}
     * @param reason      e.g. {@code Target.ResponseCodeMismatch}; null when healthy
     * @param description e.g. {@code Health checks failed with these codes: [500]}; null when healthy
     */
    record TargetHealth(String id, Integer port, String state, String reason, String description) {

        public String target() {
            return port == null ? id : id + ":" + port;
        }
    }
}
