/**
 * The only Netty pipeline glue in this module: {@link dev.portcullis.tls.netty.MintingSniMapping}, an
 * {@code AsyncMapping} for Netty's {@code SniHandler} backed by the leaf cache.
 */
package dev.portcullis.tls.netty;
