package dev.runway.sandbox;

/** A Deployment the controller has seen, and so an application the sandbox serves. */
record DeploymentKey(String namespace, String name) {

    /** Relative to the app server: {@code /apps/<namespace>/<deployment>}. */
    String appPath() {
        return "/apps/" + namespace + "/" + name;
    }
}
