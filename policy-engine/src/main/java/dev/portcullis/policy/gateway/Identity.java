package dev.portcullis.policy.gateway;

import java.util.List;
import java.util.Set;

/** Who is behind a connection, as the proxy's authentication established it. Null strings mean unknown. */
public record Identity(String email, String name, List<Group> groups, String deviceId,
                       Set<String> postureChecksPassed, Set<String> postureChecksFailed) {

    /** No user, no groups, no posture. */
    public static final Identity ANONYMOUS = new Identity(null, null, List.of(), null, Set.of(), Set.of());

    public Identity {
        groups = groups == null ? List.of() : List.copyOf(groups);
        postureChecksPassed = postureChecksPassed == null ? Set.of() : Set.copyOf(postureChecksPassed);
        postureChecksFailed = postureChecksFailed == null ? Set.of() : Set.copyOf(postureChecksFailed);
    }

    /** An identity-provider group; any part may be null when the provider does not supply it. */
    public record Group(String id, String name, String email) {
    }
}
