package dev.portcullis.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds the {@code orgs} list. Items have no embedded defaults to fall back on, so optional keys are read with
 * {@link ObjectView#optional}; required ones ({@code id}, {@code policy}, {@code endpoints}) are reported missing.
 * Rules spanning items (duplicate ids, overlapping source ranges...) are in {@link OrgsCheck}.
 */
final class OrgsBinder {
    static final Bounds.Items ORGS = new Bounds.Items(0, 1024);

    private final Binder binder;
    private final Path baseDir;

    OrgsBinder(Binder binder, Path baseDir) {
        this.binder = binder;
        this.baseDir = baseDir;
    }

    /** Null when a problem was recorded. */
    List<OrgSection> bind(ObjectView root) {
        List<ObjectView> items = root.objects("orgs", ORGS);
        if (items == null) {
            return null;
        }
        List<OrgSection> out = new ArrayList<>();
        boolean ok = true;
        for (ObjectView item : items) {
            OrgSection org = item == null ? null : org(item);
            ok &= org != null;
            out.add(org);
        }
        return ok ? List.copyOf(out) : null;
    }

    private OrgSection org(ObjectView v) {
        String id = v.get("id", n -> OrgSection.checkName(ValueReader.string(n)));
        ObjectView policy = v.section("policy");
        Optional<Path> file = Optional.empty();
        Optional<URI> url = Optional.empty();
        if (policy != null) {
            file = policy.optional("file", ValueReader.nullable(ValueReader.path(baseDir)), Optional.empty());
            url = policy.optional("url", ValueReader.nullable(n -> PolicySection.parseUrl(ValueReader.string(n))),
                    Optional.empty());
            policy.finish();
        }
        Optional<Path> users = Optional.empty();
        List<DeviceToken> tokens = List.of();
        ObjectView auth = v.optionalSection("auth");
        if (auth != null) {
            users = auth.optional("users_file", ValueReader.nullable(ValueReader.path(baseDir)), Optional.empty());
            tokens = binder.deviceTokens(auth, true);
            auth.finish();
        }
        List<ObjectView> items = v.objects("endpoints", OrgSection.ENDPOINTS);
        List<EndpointSection> endpoints = new ArrayList<>();
        if (items != null) {
            for (ObjectView item : items) {
                endpoints.add(item == null ? null : endpoint(item));
            }
        }
        v.finish();
        Optional<Path> f = file;
        Optional<URI> u = url;
        Optional<Path> us = users;
        List<DeviceToken> t = tokens;
        return binder.build(v, () -> new OrgSection(id, f, u, us, t, endpoints));
    }

    private EndpointSection endpoint(ObjectView v) {
        String name = v.get("name", n -> OrgSection.checkName(ValueReader.string(n)));
        String listener = v.get("listener", n -> EndpointSection.checkListener(ValueReader.string(n)));
        List<CidrPorts> cidrs = v.optionalList("source_cidrs", n -> ProxySection.parseSource(ValueReader.string(n)),
                EndpointSection.SOURCE_CIDRS);
        v.finish();
        return binder.build(v, () -> new EndpointSection(name, listener, cidrs));
    }
}
