package dev.runway.worker;

/**
 * A record this worker will not carry out. Thrown out of the consumer so that the connector's
 * {@code failure-strategy=dead-letter-queue} parks the record on {@code <topic>-dlq}. The message
 * says why without quoting the payload, because it lands in logs and in the dead-letter record's
 * headers.
 */
public final class RejectedCommand extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RejectedCommand(String reason) {
        super(reason, null, false, false);
    }
}
