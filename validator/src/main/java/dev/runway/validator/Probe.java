package dev.runway.validator;

/** Reads one URL of the application under release. Never throws: a failed request is a {@link ProbeResponse} without status. */
public interface Probe {

    ProbeResponse get(String url);
}
