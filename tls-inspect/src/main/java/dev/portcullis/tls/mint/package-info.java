/**
 * On-the-fly leaf certificates. Start with {@link dev.portcullis.tls.mint.LeafSpec} (what a leaf must say:
 * {@code forHost} or {@code fromUpstream}), then {@link dev.portcullis.tls.mint.LeafCache} (what the proxy calls from
 * an event loop: mint once per spec, off-loop, bounded). {@link dev.portcullis.tls.mint.LeafMinter} does the
 * signing; {@link dev.portcullis.tls.mint.MintListener} is the hook for metrics.
 */
package dev.portcullis.tls.mint;
