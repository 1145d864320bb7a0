/**
 * Proxy auto-config (PAC) files generated from the daemon's listeners and a bypass list. Start at
 * {@link dev.portcullis.proxy.pac.PacResponder} (serves {@code /proxy.pac} and {@code /pac/{org}.pac} on the
 * admin and proxy listeners), {@link dev.portcullis.proxy.pac.PacSettings} (bypass domains and CIDRs, direct
 * fallback) and {@link dev.portcullis.proxy.pac.PacScript} (the JavaScript).
 */
package dev.portcullis.proxy.pac;
