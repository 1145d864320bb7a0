/**
 * Access records and their JSON log: {@link dev.portcullis.proxy.observe.AccessRecord},
 * {@link dev.portcullis.proxy.observe.JsonAccessLogger}.
 */
package dev.portcullis.proxy.observe;
