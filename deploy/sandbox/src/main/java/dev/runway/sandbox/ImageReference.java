package dev.runway.sandbox;

/** Splits {@code [host[:port]/]repository[:tag]} the way container runtimes do. */
record ImageReference(String host, String repository, String tag) {

    static ImageReference parse(String reference) {
        String rest = reference;
        String host = "";
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            // Docker's rule: the first component is a host only if it looks like one.
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                host = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = "latest";
        int at = rest.indexOf('@');
        if (at >= 0) {
            rest = rest.substring(0, at);
        }
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        return new ImageReference(host, rest, tag);
    }
}
