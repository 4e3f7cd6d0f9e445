package dev.runway.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SIMULATION: plays the Service and EndpointSlice controllers for each Deployment: a Service named like the Deployment
 * (selecting its pods) and one EndpointSlice labelled {@code kubernetes.io/service-name}, with one endpoint per pod,
 * ready when the pod is Ready. The slice is written only when its endpoints change.
 */
final class SandboxEndpoints {

    static final String SERVICE_NAME = "kubernetes.io/service-name";

    private final KubernetesClient client;
    private final Set<String> services = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Endpoint>> written = new ConcurrentHashMap<>();

    SandboxEndpoints(KubernetesClient client) {
        this.client = client;
    }

    void sync(Deployment deployment) {
        String namespace = deployment.getMetadata().getNamespace();
        String name = deployment.getMetadata().getName();
        if (deployment.getSpec().getSelector() == null
                || deployment.getSpec().getSelector().getMatchLabels() == null) {
            return;
        }
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        String key = namespace + "/" + name;
        if (!services.contains(key)) {
            if (client.services().inNamespace(namespace).withName(name).get() == null) {
                client.services()
                        .inNamespace(namespace)
                        .resource(new ServiceBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withNamespace(namespace)
                                .endMetadata()
                                .withNewSpec()
                                .withSelector(selector)
                                .addNewPort()
                                .withPort(80)
                                .endPort()
                                .endSpec()
                                .build())
                        .create();
            }
            services.add(key);
        }
        List<Endpoint> endpoints = client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getName()))
                .map(SandboxEndpoints::endpoint)
                .toList();
        if (endpoints.equals(written.get(key))) {
            return;
        }
        var slice = new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(name + "-sandbox")
                .withNamespace(namespace)
                .addToLabels(SERVICE_NAME, name)
                .addToLabels("endpointslice.kubernetes.io/managed-by", "sandbox")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withPort(8080)
                .withProtocol("TCP")
                .endPort()
                .withEndpoints(endpoints)
                .build();
        var existing = client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(namespace)
                .withName(slice.getMetadata().getName());
        if (existing.get() == null) {
            client.discovery()
                    .v1()
                    .endpointSlices()
                    .inNamespace(namespace)
                    .resource(slice)
                    .create();
        } else {
            // edit() sends a JSON Patch, which the mock API server applies to lists (it ignores a merge patch's)
            existing.edit(current ->
                    new EndpointSliceBuilder(current).withEndpoints(endpoints).build());
        }
        written.put(key, endpoints);
    }

    void forget(Set<String> deployments) {
        services.retainAll(deployments);
        written.keySet().retainAll(deployments);
    }

    private static Endpoint endpoint(Pod pod) {
        boolean ready = pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        String ip = pod.getStatus() == null || pod.getStatus().getPodIP() == null
                ? "127.0.0.1"
                : pod.getStatus().getPodIP();
        return new EndpointBuilder()
                .withAddresses(ip)
                .withNewConditions()
                .withReady(ready)
                .withServing(ready)
                .withTerminating(false)
                .endConditions()
                .withNewTargetRef()
                .withKind("Pod")
                .withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace())
                .endTargetRef()
                .build();
    }
}
