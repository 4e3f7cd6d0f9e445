package dev.runway.validator;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a TLS handshake showed: the chain the server sent, leaf first, and whether it validates.
 *
 * @param chain        empty when there was no handshake
 * @param chainProblem why the chain does not validate against the trust anchors; null when it does
 * @param error        why there was no handshake (refused, timed out, no TLS); null when there was one
 */
public record PeerCertificates(List<X509Certificate> chain, String chainProblem, String error) {

    public PeerCertificates {
        chain = List.copyOf(chain);
    }

    public static PeerCertificates presented(List<X509Certificate> chain, String chainProblem) {
        return new PeerCertificates(chain, chainProblem, null);
    }

    public static PeerCertificates noHandshake(String error) {
        return new PeerCertificates(List.of(), null, error);
    }

    public boolean handshaken() {
        return error == null;
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }
}
