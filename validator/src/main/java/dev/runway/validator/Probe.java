package dev.runway.validator;

/** Reads one URL of the application under release. Never throws: a failed request is a {@link ProbeResponse} without status. */
public interface Probe {

    /**
     * GET {@code url} without following redirects.
     *
     * @param environment whose trust store an https:// URL's certificate may also chain to; null for the JDK's alone
     */
    ProbeResponse get(String url, String environment);

    default ProbeResponse get(String url) {
        return get(url, null);
    }
}
