/**
 * JMH benchmarks of the policy engine on a generated organisation policy (1,000 rules, 1,000,000 list domains,
 * 100,000 CIDRs). Start with {@link dev.portcullis.benchmarks.PolicyGenerator} (what is measured), then
 * {@link dev.portcullis.benchmarks.DecisionBenchmark} (compiled vs reference), {@link
 * dev.portcullis.benchmarks.CompileBenchmark} and {@link dev.portcullis.benchmarks.HeapAndLatency} (retained heap
 * and p50/p99 of single decisions). {@code benchmarks/run} builds and runs them all with a summary.
 */
package dev.portcullis.benchmarks;
