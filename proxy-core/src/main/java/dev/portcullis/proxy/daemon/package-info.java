/**
 * Process lifecycle: {@link dev.portcullis.proxy.daemon.Main} (the CLI contract),
 * {@link dev.portcullis.proxy.daemon.Daemon} (event loops, listeners, drain), {@code Shutdown} (SIGTERM: drain,
 * flush, exit 0) and {@link dev.portcullis.proxy.daemon.PolicyRuntime} (policy from a file, an HTTPS URL via
 * {@code PolicyUrlPoller}, or the embedded example; reloads). Admin endpoints: {@code AdminRoutes} (probes, metrics,
 * status, drain) and {@code PolicyRoutes} (policy GET/PUT, reload), both on {@code AdminRouter}.
 */
package dev.portcullis.proxy.daemon;
