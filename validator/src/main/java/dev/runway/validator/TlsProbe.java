package dev.runway.validator;

/** Reads the certificates an https:// URL's server presents. Never throws: a failed handshake is a result. */
public interface TlsProbe {

    /**
     * @param environment whose trust store the chain may also validate against; null for the JDK's alone
     */
    PeerCertificates handshake(String httpsUrl, String environment);
}
