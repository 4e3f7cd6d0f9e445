package dev.runway.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** The demo's starting point: shop 1.3.2 running in namespace production. */
final class DemoSeed {

    static final String NAMESPACE = "production";
    static final String DEPLOYMENT = "shop";

    private DemoSeed() {}

    static void apply(KubernetesClient client) {
        Map<String, String> labels = Map.of("app", DEPLOYMENT);
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
        client.configMaps()
                .inNamespace(NAMESPACE)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("shop-config")
                        .withLabels(labels)
                        .endMetadata()
                        .addToData("FEATURE_NEW_CHECKOUT", "false")
                        .addToData("CACHE_TTL_SECONDS", "300")
                        .addToData("LOG_LEVEL", "info")
                        .build())
                .create();
        client.services()
                .inNamespace(NAMESPACE)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName(DEPLOYMENT)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withSelector(labels)
                        .addNewPort()
                        .withName("http")
                        .withPort(80)
                        .withTargetPort(new IntOrString(8080))
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        client.apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(DEPLOYMENT)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(3)
                        .withProgressDeadlineSeconds(60)
                        .withNewSelector()
                        .withMatchLabels(labels)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName(DEPLOYMENT)
                        .withImage(ImageCatalogue.SHOP_1_3_2)
                        .addNewPort()
                        .withName("http")
                        .withContainerPort(8080)
                        .endPort()
                        .addNewEnvFrom()
                        .withNewConfigMapRef()
                        .withName("shop-config")
                        .endConfigMapRef()
                        .endEnvFrom()
                        .withNewReadinessProbe()
                        .withNewHttpGet()
                        .withPath("/ready")
                        .withPort(new IntOrString(8080))
                        .endHttpGet()
                        .endReadinessProbe()
                        .withNewLivenessProbe()
                        .withNewHttpGet()
                        .withPath("/live")
                        .withPort(new IntOrString(8080))
                        .endHttpGet()
                        .endLivenessProbe()
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
    }
}
