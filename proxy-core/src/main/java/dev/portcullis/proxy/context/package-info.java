/**
 * The one boundary where Netty objects become the policy engine's plain facts:
 * {@link dev.portcullis.proxy.context.ContextBuilder}.
 */
package dev.portcullis.proxy.context;
