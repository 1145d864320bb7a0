#!/usr/bin/env python3
"""How fast could any proxy go in a ../shared/bench/compare run? Reads the run's JSON and prints, per scenario and
target, what the load-generator core spent per request.

compare pins the proxy to CPU 1 and the load generator *and* the origin to CPU 0. A request then costs CPU 0 the
tool's work plus the origin's work, whatever the proxy does, so CPU 0 caps every proxy at

    ceiling = requests / (tool CPU s + origin CPU s)        (CPU 0 at 100 %)

and the cheapest those two ever are is in the direct row, where each had a core to itself:

    zero-cost-proxy ceiling = 1e6 / (tool us/req + origin us/req of the direct row)

A proxy whose row shows CPU 0 near 100 % and its own core well below it was held back by the harness, not by its
own speed; req/s ratios between such proxies measure the load generator. The ratio the candidate could reach at
best against a peer is the zero-cost ceiling divided by that peer's req/s.

Usage: bench/harness-ceiling.py RESULTS.json [--candidate NAME]
"""
import argparse
import json
import sys


def rows(results):
    for scenario, targets in results.items():
        for name, r in targets.items():
            if isinstance(r, dict) and r.get("ok"):
                yield scenario, name, r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("json")
    ap.add_argument("--candidate", default=None, help="target name of the candidate (default: the run's)")
    args = ap.parse_args()
    with open(args.json) as f:
        run = json.load(f)
    candidate = args.candidate or next((t["name"] for t in run.get("targets", []) if t.get("kind") == "candidate"),
                                       None)
    by_scenario = {}
    for scenario, name, r in rows(run["results"]):
        by_scenario.setdefault(scenario, {})[name] = r
    for scenario, targets in by_scenario.items():
        direct = targets.get("direct")
        if not direct or "tool_cpu_s" not in direct or "origin_cpu_s" not in direct:
            continue
        zero_cost = direct["ok"] / (direct["tool_cpu_s"] + direct["origin_cpu_s"])
        print(f"## {scenario}: a proxy that cost nothing would reach {zero_cost:,.0f} req/s "
              f"(direct row: tool {1e6 * direct['tool_cpu_s'] / direct['ok']:.1f} + origin "
              f"{1e6 * direct['origin_cpu_s'] / direct['ok']:.1f} us/req on CPU 0)")
        print("| target | req/s | tool us/req | origin us/req | CPU 0 busy | CPU 0 ceiling | proxy CPU % "
              "| proxy us/req | best possible vs this target |")
        print("|---|---|---|---|---|---|---|---|---|")
        for name, r in targets.items():
            if name == "direct" or "tool_cpu_s" not in r or "origin_cpu_s" not in r:
                continue
            cpu0 = r["tool_cpu_s"] + r["origin_cpu_s"]
            best = "" if name == candidate else f"{zero_cost / r['rps']:.2f}x"
            print(f"| {name} | {r['rps']:,.0f} | {1e6 * r['tool_cpu_s'] / r['ok']:.1f} "
                  f"| {1e6 * r['origin_cpu_s'] / r['ok']:.1f} | {100 * cpu0 / r['seconds']:.0f}% "
                  f"| {r['ok'] / cpu0:,.0f} | {r.get('proxy_cpu_pct', 0):.0f}% | {r.get('cpu_us_per_req', 0):.0f} "
                  f"| {best} |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
