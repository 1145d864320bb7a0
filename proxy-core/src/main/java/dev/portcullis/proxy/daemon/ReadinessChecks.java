package dev.portcullis.proxy.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Named conditions that must all hold for {@code /readyz} to answer 200. The daemon adds "listeners"; other parts
 * add theirs (e.g. "policy" once a policy is loaded) with {@link #add}.
 */
public final class ReadinessChecks {
    private final Map<String, BooleanSupplier> checks = new ConcurrentHashMap<>();

    public void add(String name, BooleanSupplier check) {
        if (checks.putIfAbsent(name, check) != null) {
            throw new IllegalArgumentException("readiness check '" + name + "' is already registered");
        }
    }

    /** Names of the checks that do not hold now, sorted; empty when ready. */
    public List<String> failing() {
        List<String> failing = new ArrayList<>();
        checks.forEach((name, check) -> {
            if (!check.getAsBoolean()) {
                failing.add(name);
            }
        });
        failing.sort(null);
        return failing;
    }
}
