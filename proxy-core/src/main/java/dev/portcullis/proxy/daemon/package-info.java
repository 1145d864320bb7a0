/**
 * Process lifecycle: {@link dev.portcullis.proxy.daemon.Main} (the CLI contract),
 * {@link dev.portcullis.proxy.daemon.Daemon} (event loops, listeners, drain), and
 * {@link dev.portcullis.proxy.daemon.PolicyRuntime} (policy loading and reload).
 */
package dev.portcullis.proxy.daemon;
