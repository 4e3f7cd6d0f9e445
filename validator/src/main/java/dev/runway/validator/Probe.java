package dev.runway.validator;

/** Reads one URL of the application under release. Never throws: a failed request is a {@link ProbeResponse} without status. */
public interface Probe {

    /**
     * Sends {@code request} without following redirects.
     *
     * @param environment whose trust store an https:// URL's certificate may also chain to; null for the JDK's alone
     */
    ProbeResponse send(ProbeRequest request, String environment);

    /** GET {@code url} without following redirects. */
    default ProbeResponse get(String url, String environment) {
        return send(ProbeRequest.get(url), environment);
    }

    default ProbeResponse get(String url) {
        return get(url, null);
    }
}
