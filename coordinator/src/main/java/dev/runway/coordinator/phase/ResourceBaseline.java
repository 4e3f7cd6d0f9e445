package dev.runway.coordinator.phase;

import dev.runway.model.event.StepSucceeded.Outputs;
import java.util.Map;
import java.util.Optional;

/**
 * CPU and memory per pod of the Deployment as pre-flight measured them, before anything changed: what Phase 9 compares
 * the new pods with (Step 9.1).
 *
 * @param cpuCores    as the validator reported it, e.g. {@code 0.0250}
 * @param memoryBytes as the validator reported it, e.g. {@code 268435456}
 */
public record ResourceBaseline(String cpuCores, String memoryBytes) {

    public ResourceBaseline {
        Double.parseDouble(cpuCores);
        Double.parseDouble(memoryBytes);
    }

    /** Both figures, or none: a baseline of one is no baseline for Phase 9. */
    static Optional<ResourceBaseline> from(Map<String, String> outputs) {
        String cpu = outputs.get(Outputs.BASELINE_CPU_CORES);
        String memory = outputs.get(Outputs.BASELINE_MEMORY_BYTES);
        if (cpu == null || memory == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ResourceBaseline(cpu, memory));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    public double cpu() {
        return Double.parseDouble(cpuCores);
    }

    public double memory() {
        return Double.parseDouble(memoryBytes);
    }
}
