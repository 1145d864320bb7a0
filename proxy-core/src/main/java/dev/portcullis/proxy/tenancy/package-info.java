/**
 * Organisations (tenants) on one daemon. Start at {@link dev.portcullis.proxy.tenancy.Attribution}: which
 * organisation and endpoint a new connection belongs to, from its listener and source address;
 * {@link dev.portcullis.proxy.tenancy.AttributionHandler} applies it when a connection is accepted (or refuses it
 * with 403), {@link dev.portcullis.proxy.tenancy.ChannelOrg} keeps the answer on the channel, and
 * {@link dev.portcullis.proxy.tenancy.OrgDeciders} picks the organisation's policy for each decision, by
 * credentials where the listener alone cannot tell.
 */
package dev.portcullis.proxy.tenancy;
