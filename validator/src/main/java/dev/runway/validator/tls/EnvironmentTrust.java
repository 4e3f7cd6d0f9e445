package dev.runway.validator.tls;

import dev.runway.validator.config.ValidatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What a certificate may chain to, per environment: the JDK's trust store, plus the environment's own
 * ({@code runway.validator.environments."<env>".trust-store}) where one is configured. Read once per environment.
 */
@ApplicationScoped
public class EnvironmentTrust {

    private final ValidatorConfig config;
    private final Map<String, Trust> byEnvironment = new ConcurrentHashMap<>();

    public EnvironmentTrust(ValidatorConfig config) {
        this.config = config;
    }

    /**
     * The anchors and TLS context of {@code environment}; null for the JDK's alone.
     *
     * @param anchors    what chains may end at
     * @param sslContext for clients that must trust exactly these anchors
     * @param problem    why the environment's trust store could not be read (the JDK's alone is used then); null
     *     when it was read or none is configured. Never quotes the password.
     */
    public record Trust(Set<TrustAnchor> anchors, SSLContext sslContext, String problem) {}

    public Trust of(String environment) {
        return byEnvironment.computeIfAbsent(environment == null ? "" : environment, this::read);
    }

    private Trust read(String environment) {
        try {
            Set<X509Certificate> trusted = new HashSet<>(jdkDefaults());
            String problem = null;
            Optional<ValidatorConfig.Environment> configured =
                    Optional.ofNullable(config.environments().get(environment));
            Optional<java.nio.file.Path> store = configured.flatMap(ValidatorConfig.Environment::trustStore);
            if (store.isPresent()) {
                try {
                    char[] password = configured
                            .flatMap(ValidatorConfig.Environment::trustStorePassword)
                            .map(String::toCharArray)
                            .orElse(null);
                    trusted.addAll(certificates(KeyStore.getInstance(store.get().toFile(), password)));
                } catch (IOException | GeneralSecurityException e) {
                    problem = "the trust store of environment " + environment + " (" + store.get()
                            + ") could not be read: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage());
                }
            }
            return new Trust(anchors(trusted), sslContext(trusted), problem);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK's trust store cannot be read", e);
        }
    }

    private static Set<X509Certificate> jdkDefaults() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        Set<X509Certificate> certificates = new HashSet<>();
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                Collections.addAll(certificates, x509.getAcceptedIssuers());
            }
        }
        return certificates;
    }

    private static Set<X509Certificate> certificates(KeyStore store) throws GeneralSecurityException {
        Set<X509Certificate> certificates = new HashSet<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate x509) {
                certificates.add(x509);
            }
        }
        return certificates;
    }

    private static Set<TrustAnchor> anchors(Set<X509Certificate> trusted) {
        Set<TrustAnchor> anchors = new HashSet<>();
        trusted.forEach(c -> anchors.add(new TrustAnchor(c, null)));
        return anchors;
    }

    private static SSLContext sslContext(Set<X509Certificate> trusted) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (X509Certificate certificate : trusted) {
            store.setCertificateEntry("anchor-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
