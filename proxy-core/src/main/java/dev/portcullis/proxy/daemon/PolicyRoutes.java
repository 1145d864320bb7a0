package dev.portcullis.proxy.daemon;

import dev.portcullis.config.policy.ReloadResult;
import io.netty.handler.codec.http.HttpHeaderNames;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The policy admin API. Compiles never run on the admin event loop: {@link PolicyRuntime} does them on its compile
 * thread and the answer is written when the future completes. Each organisation has its own policy; a reload
 * reloads them all, each on its own.
 */
final class PolicyRoutes {
    static final String POLICY_TYPE = "application/json";

    private PolicyRoutes() {
    }

    static void install(AdminRouter router, OrgPolicies policies) {
        router.get("/v1/orgs/{org}/policy", r -> withOrg(policies, r, p -> get(p, r)));
        router.put("/v1/orgs/{org}/policy", r -> withOrg(policies, r, p -> put(p, r)));
        router.post("/v1/reload", r -> policies.reloadAll().handle(PolicyRoutes::reloadedAll));
    }

    private static CompletionStage<AdminResponse> withOrg(OrgPolicies policies, AdminRequest r,
            java.util.function.Function<PolicyRuntime, CompletionStage<AdminResponse>> route) {
        PolicyRuntime p = policies.get(r.param("org"));
        if (p == null) {
            return CompletableFuture.completedFuture(AdminResponse.error(404, "unknown_org", "no organisation '"
                    + r.param("org") + "'; this daemon serves " + policies.ids().stream().map(id -> "'" + id + "'")
                    .collect(java.util.stream.Collectors.joining(", "))));
        }
        return route.apply(p);
    }

    /** One organisation: the answer it always had. Several: one entry per organisation, 400 if any failed. */
    private static AdminResponse reloadedAll(Map<String, ReloadResult> results, Throwable error) {
        if (error != null) {
            return AdminResponse.json(500, Map.of("errors", List.of("internal error: " + error)));
        }
        if (results.size() == 1) {
            return reloaded(results.values().iterator().next(), null);
        }
        Map<String, Object> orgs = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, ReloadResult> e : results.entrySet()) {
            ReloadResult r = e.getValue();
            ok &= r.success();
            Map<String, Object> body = r.success() ? summary(e.getKey(), r) : new LinkedHashMap<>();
            if (!r.success()) {
                body.put("errors", r.errors());
                if (r.policy() != null) {
                    body.put("version", r.policy().version());
                }
            }
            orgs.put(e.getKey(), body);
        }
        return AdminResponse.json(ok ? 200 : 400, Map.of("orgs", orgs));
    }

    private static String etag(String version) {
        return "\"" + version + "\"";
    }

    private static CompletionStage<AdminResponse> get(PolicyRuntime policy, AdminRequest r) {
        String version = policy.current().version();
        return policy.document().handle((bytes, error) -> {
            if (error != null || bytes == null) {
                return AdminResponse.error(503, "policy_document_unavailable", "the document of policy version "
                        + version + " cannot be read back (the policy file changed since it was loaded); "
                        + "POST /v1/reload first");
            }
            return new AdminResponse(200, POLICY_TYPE, bytes, Map.of("ETag", etag(version),
                    "Cache-Control", "no-store"));
        });
    }

    private static CompletionStage<AdminResponse> put(PolicyRuntime policy, AdminRequest r) {
        if (policy.source() != PolicyRuntime.Source.FILE) {
            return CompletableFuture.completedFuture(AdminResponse.error(409, "policy_not_writable",
                    policy.source() == PolicyRuntime.Source.URL
                            ? "the policy is polled from policy.url; change it at its source"
                            : "the daemon runs the embedded example policy and has no policy file to write; "
                            + "start it with --policy FILE or policy.file"));
        }
        String ifMatch = r.headers().get(HttpHeaderNames.IF_MATCH);
        String version = policy.current().version();
        if (ifMatch != null && !ifMatch.strip().equals("*") && !ifMatch.strip().equals(etag(version))) {
            return CompletableFuture.completedFuture(AdminResponse.error(412, "version_mismatch",
                    "If-Match " + ifMatch.strip() + " does not match the policy in force, " + etag(version))
                    .withHeader("ETag", etag(version)));
        }
        if (r.body().length == 0) {
            return CompletableFuture.completedFuture(AdminResponse.json(400,
                    Map.of("errors", List.of("empty request body: send the policy document (JSON)"))));
        }
        return policy.replace(r.body()).handle((result, error) -> {
            if (error != null) {
                return AdminResponse.json(500, Map.of("errors", List.of("internal error: " + error)));
            }
            if (!result.success()) {
                return AdminResponse.json(400, Map.of("errors", result.errors(),
                        "version", result.policy().version()));
            }
            return AdminResponse.json(200, summary(policy.org(), result))
                    .withHeader("ETag", etag(result.policy().version()));
        });
    }

    private static AdminResponse reloaded(ReloadResult result, Throwable error) {
        if (error != null) {
            return AdminResponse.json(500, Map.of("errors", List.of("internal error: " + error)));
        }
        if (!result.success()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("errors", result.errors());
            if (result.policy() != null) {
                body.put("version", result.policy().version());
            }
            return AdminResponse.json(400, body);
        }
        return AdminResponse.json(200, summary(result.policy().orgId(), result))
                .withHeader("ETag", etag(result.policy().version()));
    }

    private static Map<String, Object> summary(String org, ReloadResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("org", org);
        body.put("version", result.policy().version());
        body.put("rules", result.policy().ruleCount());
        return body;
    }
}
