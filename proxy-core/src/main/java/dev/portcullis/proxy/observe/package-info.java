/**
 * What the proxy reports about itself. Start at {@link dev.portcullis.proxy.observe.ProxyMetrics} (Prometheus
 * meters; {@code metering(AccessLogger)} counts traffic from access records) and
 * {@link dev.portcullis.proxy.observe.JsonAccessLogger} (one ECS JSON line per exchange or tunnel, formatted and
 * written on its own thread into a {@code RotatingFileSink}, client identifiers filtered by {@code ClientPrivacy}).
 */
package dev.portcullis.proxy.observe;
