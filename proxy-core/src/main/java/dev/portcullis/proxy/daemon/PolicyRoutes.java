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
 * thread and the answer is written when the future completes. Only the {@code default} organisation exists.
 */
final class PolicyRoutes {
    static final String POLICY_TYPE = "application/json";

    private PolicyRoutes() {
    }

    static void install(AdminRouter router, PolicyRuntime policy) {
        router.get("/v1/orgs/{org}/policy", r -> get(policy, r));
        router.put("/v1/orgs/{org}/policy", r -> put(policy, r));
        router.post("/v1/reload", r -> policy.reload().handle((result, error) -> reloaded(result, error)));
    }

    private static String etag(String version) {
        return "\"" + version + "\"";
    }

    private static AdminResponse unknownOrg(String org) {
        return AdminResponse.error(404, "unknown_org", "no organisation '" + org + "'; this daemon serves '"
                + PolicyRuntime.DEFAULT_ORG + "' only");
    }

    private static CompletionStage<AdminResponse> get(PolicyRuntime policy, AdminRequest r) {
        if (!PolicyRuntime.DEFAULT_ORG.equals(r.param("org"))) {
            return CompletableFuture.completedFuture(unknownOrg(r.param("org")));
        }
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
        if (!PolicyRuntime.DEFAULT_ORG.equals(r.param("org"))) {
            return CompletableFuture.completedFuture(unknownOrg(r.param("org")));
        }
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
            return AdminResponse.json(200, summary(result)).withHeader("ETag", etag(result.policy().version()));
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
        return AdminResponse.json(200, summary(result)).withHeader("ETag", etag(result.policy().version()));
    }

    private static Map<String, Object> summary(ReloadResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("org", PolicyRuntime.DEFAULT_ORG);
        body.put("version", result.policy().version());
        body.put("rules", result.policy().ruleCount());
        return body;
    }
}
