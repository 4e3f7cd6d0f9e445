package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(new SandboxOptions(0, 0, Duration.ofMillis(100), ImageCatalogue.demo(), false));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void answersTheVersionCheckOfTheDistributionApi() throws Exception {
        HttpResponse<String> response = send("GET", "/v2/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
                .hasValue("registry/2.0");
    }

    @ParameterizedTest
    @CsvSource({
        "1.3.2, sha256:e117a678dc1abc8dda5c3852630254aa10c89ed83e3ef85398fcdea2e7af2837",
        "1.4.0, sha256:4a5fe74f6f8a258fb91e3eb6fe9c7d6606b52368a73aebd7b0e3bfcdce4a59ec",
        "1.5.0, sha256:9355f8ff288d3c9ec337ddcf11396333e43050fd4121ffbf9fee71bcec41b577",
        "1.6.0, sha256:2cf398f8dd89782a455aa4b0b90b0011f435b1594e2293130fb17b13bd4b0b75",
        "1.6.1, sha256:05d1d5654d6b639e49690ba3889f579e5cb68cb26fb773679fa2845597051441",
        "1.7.0, sha256:4764a3bdc3e6b5aa0084aa66118df6ba971714805b6f1b8979ec02988eb62dbd",
        "1.8.0, sha256:c6490ebb27f89b655c890df644c22bbe067d776b7b6855cd57fd68ecc3ab66d0",
        "1.9.0, sha256:da51950cf568db6901d8ac4e16cf8a1a7405461b7e27f23b6e389a4d3c195dc4"
    })
    void servesTheDigestOfEveryCatalogueImageAndTheManifestItIsTheHashOf(String tag, String digest) throws Exception {
        HttpResponse<String> head = send("HEAD", "/v2/shop/manifests/" + tag);
        HttpResponse<String> get = send("GET", "/v2/shop/manifests/" + tag);

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("application/vnd.oci.image.manifest.v1+json");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        assertThat("sha256:"
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256")
                                        .digest(get.body().getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(digest);
        assertThat(ImageCatalogue.demo().find("registry.sandbox.local/shop:" + tag))
                .hasValueSatisfying(entry -> assertThat(entry.digest()).isEqualTo(digest));
    }

    @Test
    void findsAManifestByItsDigestToo() throws Exception {
        HttpResponse<String> response = send("GET", "/v2/shop/manifests/" + ImageCatalogue.SHOP_1_4_0_DIGEST);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"org.opencontainers.image.version\":\"1.4.0\"");
    }

    @Test
    void answersManifestUnknownForATagOrRepositoryItDoesNotHold() throws Exception {
        for (String path : new String[] {"/v2/shop/manifests/9.9.9", "/v2/other/manifests/1.4.0"}) {
            HttpResponse<String> response = send("GET", path);

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body())
                    .isEqualTo("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
        }
        assertThat(send("HEAD", "/v2/shop/manifests/9.9.9").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(sandbox.registryUrl() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
