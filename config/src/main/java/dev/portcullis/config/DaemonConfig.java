package dev.portcullis.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole daemon configuration, immutable. Obtain one from {@link ConfigLoader}; apply command-line overrides
 * with the {@code with...} methods, then call {@link #validate()} to re-check the cross-field rules and files.
 */
public record DaemonConfig(ProxySection proxy, AdminSection admin, UpstreamSection upstream, LimitsSection limits,
        TimeoutsSection timeouts, PolicySection policy, InspectionSection inspection, AccessLogSection accessLog,
        AuthSection auth, PacSection pac, List<OrgSection> orgs) {

    public DaemonConfig {
        orgs = OrgsBinder.ORGS.check(Objects.requireNonNull(orgs, "orgs"));
        Objects.requireNonNull(pac, "pac");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(inspection, "inspection");
        Objects.requireNonNull(accessLog, "accessLog");
        Objects.requireNonNull(auth, "auth");
    }

    /** Without organisations: the single organisation {@code default} of the top-level policy and auth. */
    public DaemonConfig(ProxySection proxy, AdminSection admin, UpstreamSection upstream, LimitsSection limits,
            TimeoutsSection timeouts, PolicySection policy, InspectionSection inspection, AccessLogSection accessLog,
            AuthSection auth, PacSection pac) {
        this(proxy, admin, upstream, limits, timeouts, policy, inspection, accessLog, auth, pac, List.of());
    }

    /** With the default PAC settings ({@link PacSection#DEFAULT}). */
    public DaemonConfig(ProxySection proxy, AdminSection admin, UpstreamSection upstream, LimitsSection limits,
            TimeoutsSection timeouts, PolicySection policy, InspectionSection inspection, AccessLogSection accessLog,
            AuthSection auth) {
        this(proxy, admin, upstream, limits, timeouts, policy, inspection, accessLog, auth, PacSection.DEFAULT);
    }

    /** Without proxy authentication ({@link AuthSection#DEFAULT}). */
    public DaemonConfig(ProxySection proxy, AdminSection admin, UpstreamSection upstream, LimitsSection limits,
            TimeoutsSection timeouts, PolicySection policy, InspectionSection inspection, AccessLogSection accessLog) {
        this(proxy, admin, upstream, limits, timeouts, policy, inspection, accessLog, AuthSection.DEFAULT);
    }

    /**
     * Checks the rules that span keys or touch the file system (listener collisions, inspection needs both CA
     * files, min_ttl <= max_ttl, referenced files exist...). Problems carry JSON pointers but no file position,
     * since overrides have none.
     */
    public DaemonConfig validate() throws ConfigException {
        List<CrossCheck.Violation> violations = CrossCheck.run(this);
        if (violations.isEmpty()) {
            return this;
        }
        Problems problems = new Problems("effective configuration");
        for (CrossCheck.Violation v : violations) {
            problems.add(null, v.pointer(), v.message());
        }
        throw problems.toException();
    }

    public DaemonConfig withProxy(ProxySection v) {
        return new DaemonConfig(v, admin, upstream, limits, timeouts, policy, inspection, accessLog, auth, pac, orgs);
    }

    public DaemonConfig withAdmin(AdminSection v) {
        return new DaemonConfig(proxy, v, upstream, limits, timeouts, policy, inspection, accessLog, auth, pac, orgs);
    }

    public DaemonConfig withUpstream(UpstreamSection v) {
        return new DaemonConfig(proxy, admin, v, limits, timeouts, policy, inspection, accessLog, auth, pac, orgs);
    }

    public DaemonConfig withLimits(LimitsSection v) {
        return new DaemonConfig(proxy, admin, upstream, v, timeouts, policy, inspection, accessLog, auth, pac, orgs);
    }

    public DaemonConfig withTimeouts(TimeoutsSection v) {
        return new DaemonConfig(proxy, admin, upstream, limits, v, policy, inspection, accessLog, auth, pac, orgs);
    }

    public DaemonConfig withPolicy(PolicySection v) {
        return new DaemonConfig(proxy, admin, upstream, limits, timeouts, v, inspection, accessLog, auth, pac, orgs);
    }

    public DaemonConfig withInspection(InspectionSection v) {
        return new DaemonConfig(proxy, admin, upstream, limits, timeouts, policy, v, accessLog, auth, pac, orgs);
    }

    public DaemonConfig withAccessLog(AccessLogSection v) {
        return new DaemonConfig(proxy, admin, upstream, limits, timeouts, policy, inspection, v, auth, pac, orgs);
    }

    public DaemonConfig withPac(PacSection v) {
        return new DaemonConfig(proxy, admin, upstream, limits, timeouts, policy, inspection, accessLog, auth, v, orgs);
    }

    public DaemonConfig withAuth(AuthSection v) {
        return new DaemonConfig(proxy, admin, upstream, limits, timeouts, policy, inspection, accessLog, v, pac, orgs);
    }

    public DaemonConfig withOrgs(List<OrgSection> v) {
        return new DaemonConfig(proxy, admin, upstream, limits, timeouts, policy, inspection, accessLog, auth, pac, v);
    }

    /** Whether any organisation (the top-level auth, or one of {@code orgs}) asks its clients for credentials. */
    public boolean credentialsConfigured() {
        return auth.enabled() || orgs.stream().anyMatch(OrgSection::hasCredentials);
    }

    public DaemonConfig withListen(List<HostPort> v) {
        return withProxy(proxy.withListen(v));
    }

    public DaemonConfig withViaPseudonym(String v) {
        return withProxy(proxy.withViaPseudonym(v));
    }

    public DaemonConfig withAllowedSources(List<CidrPorts> v) {
        return withProxy(proxy.withAllowedSources(v));
    }

    public DaemonConfig withAuthUsersFile(Path v) {
        return withAuth(auth.withUsersFile(v));

    }

    public DaemonConfig withTlsListen(HostPort v) {
        return withProxy(proxy.withTlsListen(v));
    }

    public DaemonConfig withTlsCert(Path v) {
        return withProxy(proxy.withTlsCert(v));
    }

    public DaemonConfig withTlsKey(Path v) {
        return withProxy(proxy.withTlsKey(v));
    }

    public DaemonConfig withAdminListen(HostPort v) {
        return withAdmin(admin.withListen(v));
    }

    public DaemonConfig withAdminTokenFile(Path v) {
        return withAdmin(admin.withTokenFile(v));
    }

    public DaemonConfig withUpstreamCaFiles(List<Path> v) {
        return withUpstream(upstream.withCaFiles(v));
    }

    public DaemonConfig withAllowDestinations(List<CidrPorts> v) {
        return withUpstream(upstream.withAllowDestinations(v));
    }

    public DaemonConfig withConnectPorts(PortRanges v) {
        return withUpstream(upstream.withConnectPorts(v));
    }

    public DaemonConfig withDnsServers(List<HostPort> v) {
        return withUpstream(upstream.withDns(upstream.dns().withServers(v)));
    }

    public DaemonConfig withMaxConnections(int v) {
        return withLimits(limits.withMaxConnections(v));
    }

    public DaemonConfig withPolicyFile(Path v) {
        return withPolicy(policy.withFile(v));
    }

    public DaemonConfig withIntelligenceFile(Path v) {
        return withPolicy(policy.withIntelligenceFile(v));
    }

    /** {@code null} turns URL polling off; {@code poll} is the interval between conditional GETs. */
    public DaemonConfig withPolicyUrl(java.net.URI v, java.time.Duration poll) {
        return withPolicy(policy.withUrl(v, poll));
    }

    public DaemonConfig withPolicyWatch(boolean v) {
        return withPolicy(policy.withWatch(v));
    }

    public DaemonConfig withCaCert(Path v) {
        return withInspection(inspection.withCaCert(v));
    }

    public DaemonConfig withCaKey(Path v) {
        return withInspection(inspection.withCaKey(v));
    }

    public DaemonConfig withDoNotInspectHosts(List<String> v) {
        return withInspection(inspection.withDoNotInspectHosts(v));
    }

    /** A file path, {@code "-"} for stdout, or {@code null} to turn the access log off. */
    public DaemonConfig withAccessLogPath(String v) {
        return withAccessLog(accessLog.withPath(v));
    }
}
