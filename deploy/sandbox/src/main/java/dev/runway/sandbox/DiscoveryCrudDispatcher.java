package dev.runway.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Collections;
import java.util.Map;

/**
 * The mock's CRUD store plus the discovery documents kubectl asks for first ({@code /version}, {@code /api},
 * {@code /apis}, resource lists), so that {@code kubectl get deploy,rs,pods} works against the sandbox.
 */
final class DiscoveryCrudDispatcher extends KubernetesCrudDispatcher {

    private static final String VERBS =
            "[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]";
    private static final Map<String, String> DOCUMENTS = Map.of(
            "/version",
                    "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-runway-sandbox-simulation\","
                            + "\"platform\":\"linux/amd64\"}",
            "/api",
                    "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                            + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}",
            "/apis",
                    "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[{\"name\":\"apps\",\"versions\":"
                            + "[{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}],"
                            + "\"preferredVersion\":{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}}]}",
            "/api/v1",
                    resourceList(
                            "v1",
                            resource("pods", "pod", "Pod", true, "po"),
                            resource("services", "service", "Service", true, "svc"),
                            resource("configmaps", "configmap", "ConfigMap", true, "cm"),
                            resource("secrets", "secret", "Secret", true, null),
                            resource("events", "event", "Event", true, "ev"),
                            resource("namespaces", "namespace", "Namespace", false, "ns")),
            "/apis/apps/v1",
                    resourceList(
                            "apps/v1",
                            resource("deployments", "deployment", "Deployment", true, "deploy"),
                            resource("replicasets", "replicaset", "ReplicaSet", true, "rs"),
                            resource("statefulsets", "statefulset", "StatefulSet", true, "sts"),
                            resource("daemonsets", "daemonset", "DaemonSet", true, "ds")));

    DiscoveryCrudDispatcher() {
        super(Collections.emptyList());
    }

    @Override
    public MockResponse handleGet(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String document =
                DOCUMENTS.get(bare.endsWith("/") && bare.length() > 1 ? bare.substring(0, bare.length() - 1) : bare);
        if (document != null) {
            return new MockResponse()
                    .setResponseCode(200)
                    .setHeader("Content-Type", "application/json")
                    .setBody(document);
        }
        return super.handleGet(path);
    }

    private static String resourceList(String groupVersion, String... resources) {
        return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + groupVersion
                + "\",\"resources\":[" + String.join(",", resources) + "]}";
    }

    private static String resource(String name, String singular, String kind, boolean namespaced, String shortName) {
        return "{\"name\":\"" + name + "\",\"singularName\":\"" + singular + "\",\"namespaced\":" + namespaced
                + ",\"kind\":\"" + kind + "\",\"verbs\":" + VERBS
                + (shortName == null ? "" : ",\"shortNames\":[\"" + shortName + "\"]") + "},"
                + "{\"name\":\"" + name + "/status\",\"singularName\":\"\",\"namespaced\":" + namespaced
                + ",\"kind\":\"" + kind + "\",\"verbs\":[\"get\",\"patch\",\"update\"]}";
    }
}
