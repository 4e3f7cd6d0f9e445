package dev.runway.notifier;

/** Opens, escalates and resolves incidents in the on-call paging system. */
public interface PagingSink {

    /**
     * @param service a name from the release's notification targets; the sink resolves it to its
     *                own secret routing key
     */
    SinkResult send(String service, Page page);
}
