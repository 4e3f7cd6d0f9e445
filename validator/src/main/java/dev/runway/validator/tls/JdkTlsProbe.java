package dev.runway.validator.tls;

import dev.runway.validator.PeerCertificates;
import dev.runway.validator.TlsProbe;
import dev.runway.validator.config.ValidatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Step 5.3 as {@code openssl s_client} does it, with the JDK: a TLS handshake with the URL's host and port that accepts
 * whatever chain the server sends, so that a chain that does not validate is still read and described; the chain is
 * then validated on its own (PKIX, at the injected clock's time) against the environment's trust anchors. Nothing is
 * sent over the connection. Revocation is not checked: that needs the CA's OCSP responder or CRL, which an environment
 * behind a firewall may not reach.
 */
@ApplicationScoped
public class JdkTlsProbe implements TlsProbe {

    private final EnvironmentTrust trust;
    private final Clock clock;
    private final int timeoutMillis;

    public JdkTlsProbe(EnvironmentTrust trust, Clock clock, ValidatorConfig config) {
        this.trust = trust;
        this.clock = clock;
        this.timeoutMillis = Math.toIntExact(config.requestTimeout().toMillis());
    }

    @Override
    public PeerCertificates handshake(String httpsUrl, String environment) {
        try {
            URI uri = URI.create(httpsUrl);
            String host = uri.getHost();
            int port = uri.getPort() == -1 ? 443 : uri.getPort();
            SSLContext reading = SSLContext.getInstance("TLS");
            reading.init(null, new TrustManager[] {new ReadingTrustManager()}, null);
            try (SSLSocket socket = (SSLSocket) reading.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(host, port), timeoutMillis);
                socket.setSoTimeout(timeoutMillis);
                if (!isIpLiteral(host)) {
                    SSLParameters parameters = socket.getSSLParameters();
                    parameters.setServerNames(List.of(new SNIHostName(host)));
                    socket.setSSLParameters(parameters);
                }
                socket.startHandshake();
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate certificate : socket.getSession().getPeerCertificates()) {
                    chain.add((X509Certificate) certificate);
                }
                EnvironmentTrust.Trust anchors = trust.of(environment);
                String problem = chainProblem(chain, anchors.anchors());
                if (problem != null && anchors.problem() != null) {
                    problem += "; " + anchors.problem();
                }
                return PeerCertificates.presented(chain, problem);
            }
        } catch (Exception e) {
            return PeerCertificates.noHandshake(describe(e));
        }
    }

    /** Null when the chain validates; else the validator's reason and message. */
    private String chainProblem(List<X509Certificate> chain, Set<TrustAnchor> anchors) throws Exception {
        Set<X509Certificate> anchorCertificates =
                anchors.stream().map(TrustAnchor::getTrustedCert).collect(Collectors.toSet());
        // a server may send its root too; a path ends below its anchor
        List<X509Certificate> path = new ArrayList<>(chain);
        while (!path.isEmpty() && anchorCertificates.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        if (path.isEmpty()) {
            return null;
        }
        PKIXParameters parameters = new PKIXParameters(anchors);
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(clock.instant()));
        try {
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return null;
        } catch (CertPathValidatorException e) {
            return e.getReason() + ": " + e.getMessage();
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String name = root.getClass().getSimpleName();
        return root.getMessage() == null ? name : name + ": " + root.getMessage();
    }

    /** Accepts any chain: it is only read here, and validated apart from the handshake. */
    private static final class ReadingTrustManager extends X509ExtendedTrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
