"""Draws docs/benchmarks.svg from a benchmark run: JMH's JSON (uncontended acquire+release) and the
handoff harness's JSON (cross-process throughput; waits.json: a waiter among Python peers, idle waits).

Usage: python3 bench/chart.py RESULTS_DIR OUTPUT.svg
Also writes RESULTS_DIR/table.md: every figure as a ratio against the baselines of the same run.
Uses matplotlib when it is installed (Debian: python3-matplotlib); otherwise writes the same two
bar charts as hand-made SVG, so a fresh machine with a bare python3 still gets its chart.
"""
import json
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape


def label(result):
    name = result["benchmark"].rsplit(".", 1)[1]
    params = result.get("params", {})
    if name == "fileLock":
        owner = "owner metadata" if params.get("ownerMetadata") == "true" else "no metadata"
        return f"FileLock {params.get('mechanism', '').lower()}, {owner}"
    if name in ("mmapLock", "mmapLockWritingRegion", "pythonMmapLock", "pythonMmapLockWritingRegion"):
        what = "PythonMmapLock" if name.startswith("python") else "MmapLock"
        what += ", writes 8 bytes" if name.endswith("WritingRegion") else ""
        return what + (", force on release" if params.get("forceOnRelease") == "true" else "")
    spring = {"throughSpringProxy": "@FileLocked through Spring proxy", "lockCalledDirectly": "same lock called directly",
              "noProxy": "same work, no proxy, no lock", "noOpAroundAdvice": "same work, no-op @Around proxy",
              "noOpInterceptor": "same work, no-op MethodInterceptor proxy"}
    if name in spring:
        return f"{spring[name]} ({params.get('type', 'file')})"
    distributed = {"registryCalledDirectly": "round trip, engine called directly",
                   "throughFileLocked": "round trip through @FileLocked"}
    if name in distributed:
        return f"{distributed[name]} ({params.get('type')})"
    return {
        "reentrantLock": "ReentrantLock (floor)",
        "fileChannelLock": "FileChannel.lock, kept-open channel",
        "flockAndUnlock": "step: flock + unlock alone (JNA)",
        "statOfThePath": "step: one identity check (statx of the path)",
        "ownerRecordWrite": "step: one 256-byte record write",
    }.get(name, name)


def uncontended(results_dir):
    order = ["reentrantLock", "fileChannelLock", "fileLock", "mmapLock", "mmapLockWritingRegion", "pythonMmapLock",
             "pythonMmapLockWritingRegion", "lockCalledDirectly", "throughSpringProxy", "noProxy", "noOpAroundAdvice",
             "noOpInterceptor"]
    runs = json.loads((results_dir / "jmh.json").read_text())
    runs.sort(key=lambda r: order.index(r["benchmark"].rsplit(".", 1)[1]) if r["benchmark"].rsplit(".", 1)[1] in order
              else len(order))
    return [(label(r), median(r), number(r["primaryMetric"].get("scoreError"))
             * NANOS_PER.get(r["primaryMetric"].get("scoreUnit", "ns/op"), 1)) for r in runs]


NANOS_PER = {"ns/op": 1, "us/op": 1_000, "ms/op": 1_000_000, "s/op": 1_000_000_000}


def median(result):
    """The median of the measured iterations, in ns: on a shared, noisy machine it is steadier than the mean."""
    metric = result["primaryMetric"]
    value = number(metric.get("scorePercentiles", {}).get("50.0", metric["score"])) or metric["score"]
    return value * NANOS_PER.get(metric.get("scoreUnit", "ns/op"), 1)


def number(value):
    """JMH writes "NaN" as the error of a single iteration."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(result) else result


def handoff(results_dir):
    """(name, acquisitions/s, handoff latency median ns, handoffs/s) of each cross-process run."""
    path = results_dir / "handoff.json"
    runs = json.loads(path.read_text()) if path.exists() else []
    return [(f"{r['kind']}, {r['processes']} processes", r["acquisitionsPerSecond"], r["handoffLatencyMedianNanos"],
             r["handoffsPerSecond"]) for r in runs]


def waits(results_dir):
    """The waiting runs (HandoffMain's waits.json): a waiter among Python peers, and idle waits."""
    path = results_dir / "waits.json"
    runs = json.loads(path.read_text()) if path.exists() else []
    under_peers = [r for r in runs if r["measure"] == "wait-under-peers"]
    idle = [r for r in runs if r["measure"] == "idle-wait"]
    return under_peers, idle


def with_matplotlib(bars, peers, under_peers, output):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (top, bottom, third) = plt.subplots(3, 1, figsize=(11, 13), gridspec_kw={"height_ratios": [3, 2, 1]})
    top.barh(range(len(bars)), [b[1] for b in bars], color="#4878a8")
    top.set_yticks(range(len(bars)), [b[0] for b in bars])
    top.set_xscale("log")
    top.invert_yaxis()
    top.set_xlabel("ns per acquire + release, median of iterations (log scale; lower is better)")
    top.set_title("Uncontended, one thread (JMH)")
    for y, (_, score, _) in enumerate(bars):
        top.text(score, y, f" {score:,.0f} ns", va="center", fontsize=8)
    if peers:
        bottom.barh(range(len(peers)), [p[1] for p in peers], color="#d08040")
        bottom.set_yticks(range(len(peers)), [p[0] for p in peers])
        bottom.set_xscale("log")
        bottom.invert_yaxis()
        bottom.set_xlabel("acquisitions per second, all processes (log scale; higher is better)")
        bottom.set_title("Cross-process, processes taking turns on one lock")
        for y, (_, rate, latency, handoffs) in enumerate(peers):
            bottom.text(rate, y, f" {rate:,.0f}/s, {handoffs:,.0f} handoffs/s, median {latency / 1000:,.1f} µs",
                        va="center", fontsize=8)
    if under_peers:
        names = [waiter_name(r) for r in under_peers]
        third.barh(range(len(names)), [r["waitMedianNanos"] / 1000 for r in under_peers], color="#60a060")
        third.set_yticks(range(len(names)), names)
        third.invert_yaxis()
        third.set_xlabel("median wait, µs (lower is better)")
        third.set_title("One waiter among two Python processes re-acquiring the lock (holds of 0.2–1 ms)")
        for y, r in enumerate(under_peers):
            third.text(r["waitMedianNanos"] / 1000, y, f" {r['waitMedianNanos'] / 1000:,.0f} µs, "
                       f"p90 {r['waitP90Nanos'] / 1000:,.0f} µs", va="center", fontsize=8)
    else:
        third.set_visible(False)
    fig.tight_layout()
    fig.savefig(output, format="svg")


def bar_panel(title, axis, rows, value_text, y0, log):
    """One horizontal bar chart as SVG elements; rows are (name, value)."""
    left, width, row = 300, 440, 22
    values = [v for _, v in rows if v > 0]
    top_value = max(values) if values else 1.0
    low = min(values) if values else 1.0

    def length(value):
        if value <= 0:
            return 0
        if log:
            span = math.log10(top_value) - math.log10(low) + 1
            return width * (math.log10(value) - math.log10(low) + 1) / span
        return width * value / top_value

    parts = [f'<text x="10" y="{y0}" font-size="14" font-weight="bold">{escape(title)}</text>']
    for i, (name, value) in enumerate(rows):
        y = y0 + 14 + i * row
        parts.append(f'<text x="{left - 6}" y="{y + 13}" font-size="11" text-anchor="end">{escape(name)}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{length(value):.1f}" height="{row - 6}" fill="#4878a8"/>')
        parts.append(f'<text x="{left + length(value) + 4:.1f}" y="{y + 13}" font-size="10">'
                     f'{escape(value_text(i))}</text>')
    bottom = y0 + 14 + len(rows) * row
    parts.append(f'<text x="{left}" y="{bottom + 12}" font-size="10" fill="#555">{escape(axis)}</text>')
    return parts, bottom + 30


def waiter_name(run):
    return {"java": "Java FileLock waiter (timed acquire)", "python": "Python fcntl.flock waiter"}.get(run["waiter"], run["waiter"])


def by_hand(bars, peers, under_peers, output):
    parts, y = bar_panel("Uncontended, one thread (JMH)", "ns per acquire + release, median of iterations, log scale; lower is better",
                         [(n, s) for n, s, _ in bars], lambda i: f"{bars[i][1]:,.0f} ns", 24, True)
    if peers:
        more, y = bar_panel("Cross-process, processes taking turns on one lock",
                            "acquisitions per second, all processes, log scale; higher is better",
                            [(p[0], p[1]) for p in peers],
                            lambda i: f"{peers[i][1]:,.0f}/s, {peers[i][3]:,.0f} handoffs/s, median {peers[i][2] / 1000:,.1f} µs",
                            y + 10, True)
        parts += more
    if under_peers:
        more, y = bar_panel("One waiter among two Python processes re-acquiring the lock (holds of 0.2–1 ms)",
                            "median wait, µs; lower is better",
                            [(waiter_name(r), r["waitMedianNanos"] / 1000) for r in under_peers],
                            lambda i: f"{under_peers[i]['waitMedianNanos'] / 1000:,.0f} µs, "
                                      f"p90 {under_peers[i]['waitP90Nanos'] / 1000:,.0f} µs", y + 10, False)
        parts += more
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="{y}" font-family="sans-serif">'
           f'<rect width="100%" height="100%" fill="white"/>' + "".join(parts) + "</svg>\n")
    Path(output).write_text(svg)


def table(bars, peers, under_peers, idle):
    """The figures as markdown, each against the baselines of the same run."""
    score = {name: value for name, value, _ in bars}
    floor = score.get("ReentrantLock (floor)")
    channel = score.get("FileChannel.lock, kept-open channel")
    lines = ["| uncontended acquire + release | median ns | × ReentrantLock | × FileChannel.lock |",
             "|---|---:|---:|---:|"]
    for name, value, _ in bars:
        ratio = lambda base: f"{value / base:,.2f}" if base else "n/a"
        lines.append(f"| {name} | {value:,.0f} | {ratio(floor)} | {ratio(channel)} |")
    for kind in ("file", "mmap"):
        proxy = score.get(f"@FileLocked through Spring proxy ({kind})")
        direct = score.get(f"same lock called directly ({kind})")
        if proxy and direct:
            lines.append(f"\n@FileLocked overhead over the same {kind} lock called directly: {proxy - direct:,.0f} ns")
    for kind in ("redis", "jdbc", "file"):
        through = score.get(f"round trip through @FileLocked ({kind})")
        direct = score.get(f"round trip, engine called directly ({kind})")
        if through and direct:
            lines.append(f"\nRound trip of a `{kind}` lock through @FileLocked against its engine called directly: "
                         f"{through / 1000:,.1f} against {direct / 1000:,.1f} µs, {(through - direct) / direct:+.1%}")
    if peers:
        python = {p[0].split(", ")[1]: p for p in peers if p[0].startswith("python-flock")}
        lines += ["", "| cross-process | acquisitions/s | × python fcntl.flock | handoffs/s | × python fcntl.flock "
                  "| handoff latency median |", "|---|---:|---:|---:|---:|---:|"]
        for name, rate, latency, handoffs in peers:
            base = python.get(name.split(", ")[1])
            ratio = lambda value, i: f"{value / base[i]:,.2f}" if base and base[i] else "n/a"
            lines.append(f"| {name} | {rate:,.0f} | {ratio(rate, 1)} | {handoffs:,.0f} | {ratio(handoffs, 3)} "
                         f"| {latency / 1000:,.1f} µs |")
    if under_peers:
        python = next((r for r in under_peers if r["waiter"] == "python"), None)
        lines += ["", "| one waiter among 2 re-acquiring Python peers | waits | median wait | p90 | × python median |",
                  "|---|---:|---:|---:|---:|"]
        for r in under_peers:
            ratio = f"{r['waitMedianNanos'] / python['waitMedianNanos']:,.2f}" if python and python["waitMedianNanos"] else "n/a"
            lines.append(f"| {waiter_name(r)} | {r['waits']:,} | {r['waitMedianNanos'] / 1000:,.0f} µs "
                         f"| {r['waitP90Nanos'] / 1000:,.0f} µs | {ratio} |")
    if idle:
        lines += ["", "| idle wait (another process holds the lock) | waited | CPU of the waiting process "
                  "| CPU of the same process sleeping as long |", "|---|---:|---:|---:|"]
        for r in idle:
            sleeping = f"{r['sleepCpuNanos'] / 1e6:,.1f} ms" if r["waiter"] == "java" else "n/a"
            lines.append(f"| {waiter_name(r)} | {r['waitedNanos'] / 1e9:,.2f} s | {r['cpuNanos'] / 1e6:,.1f} ms | {sleeping} |")
    return "\n".join(lines)


def targets(bars, peers, under_peers, idle):
    """Issue 9's targets for waiting and handing over, each a ratio within this run."""
    score = {name: value for name, value, _ in bars}
    runs = {p[0]: p for p in peers}
    lines = ["| target | measured in this run | ratio | verdict |", "|---|---|---:|---|"]

    def row(target, measured, ratio, limit, at_least):
        met = ratio >= limit if at_least else ratio <= limit
        verdict = "met" if met else f"missed by {limit / ratio if at_least else ratio / limit:,.1f}×"
        lines.append(f"| {target} | {measured} | {ratio:,.2f} | {verdict} |")

    java, python = runs.get("file-flock, 2 processes"), runs.get("python-flock, 2 processes")
    bare = runs.get("file-flock-no-metadata, 2 processes")
    if java and python:
        row("acquisitions/s, 2 Java processes ≥ 1.0× 2 Python `fcntl.flock` processes",
            f"{java[1]:,.0f} against {python[1]:,.0f}/s" + (f" (no metadata: {bare[1]:,.0f}/s, "
                                                              f"{bare[1] / python[1]:,.2f}×)" if bare else ""),
            java[1] / python[1], 1.0, True)
        if python[3]:
            row("handoffs/s, 2 Java processes ≥ 0.5× 2 Python processes",
                f"{java[3]:,.0f} against {python[3]:,.0f}/s" + (f" (no metadata: {bare[3]:,.0f}/s, "
                                                                 f"{bare[3] / python[3]:,.2f}×)" if bare else ""),
                java[3] / python[3], 0.5, True)
    waiters = {r["waiter"]: r for r in under_peers}
    if "java" in waiters and "python" in waiters and waiters["python"]["waitMedianNanos"]:
        j, p = waiters["java"]["waitMedianNanos"], waiters["python"]["waitMedianNanos"]
        row("a Java waiter's median wait among two re-acquiring Python peers ≤ 1.5× a Python waiter's",
            f"{j / 1000:,.0f} against {p / 1000:,.0f} µs", j / p, 1.5, False)
    for r in idle:
        if r["waiter"] == "java":
            lines.append(f"| idle CPU of a long wait (no target figure; it was 150–380 ms per 2.5 s) | "
                         f"{r['cpuNanos'] / 1e6:,.0f} ms over {r['waitedNanos'] / 1e9:,.1f} s, the same JVM sleeping as "
                         f"long: {r['sleepCpuNanos'] / 1e6:,.0f} ms | | |")
    channel = score.get("FileChannel.lock, kept-open channel")
    flock, stat = score.get("step: flock + unlock alone (JNA)"), score.get("step: one identity check (statx of the path)")
    if channel and flock and stat:
        lines.append(f"| floor of an identity-checked hold: flock + unlock + 2 identity checks (no record write) | "
                     f"{flock:,.0f} + 2 × {stat:,.0f} = {flock + 2 * stat:,.0f} ns against {channel:,.0f} ns | "
                     f"{(flock + 2 * stat) / channel:,.2f} | the least the issue's checks cost |")
    for mechanism in ("flock", "posix"):
        value = score.get(f"FileLock {mechanism}, owner metadata")
        if channel and value:
            row(f"uncontended acquire + release, `{mechanism}` with owner metadata ≤ 1.2× `FileChannel.lock`",
                f"{value:,.0f} against {channel:,.0f} ns", value / channel, 1.2, False)
    proxy, direct = score.get("@FileLocked through Spring proxy (mmap)"), score.get("same lock called directly (mmap)")
    no_op, bare = score.get("same work, no-op MethodInterceptor proxy (mmap)"), score.get("same work, no proxy, no lock (mmap)")
    if proxy and direct and no_op and bare and no_op > bare:
        row("issue 10: `@FileLocked`'s overhead (mmap lock) ≤ 2× a no-op `MethodInterceptor`'s",
            f"{proxy - direct:,.0f} ns over the lock called directly, against {no_op - bare:,.0f} ns",
            (proxy - direct) / (no_op - bare), 2.0, False)
    for kind in ("redis", "jdbc"):
        through = score.get(f"round trip through @FileLocked ({kind})")
        engine = score.get(f"round trip, engine called directly ({kind})")
        if through and engine:
            row(f"issue 11: a `{kind}` round trip through `@FileLocked` adds under 10 % to the registry called directly",
                f"{through / 1000:,.1f} against {engine / 1000:,.1f} µs", through / engine, 1.1, False)
    return "\n".join(lines)


def main():
    results_dir, output = Path(sys.argv[1]), sys.argv[2]
    bars, peers = uncontended(results_dir), handoff(results_dir)
    under_peers, idle = waits(results_dir)
    try:
        with_matplotlib(bars, peers, under_peers, output)
        print(f"chart (matplotlib): {output}")
    except ImportError:
        by_hand(bars, peers, under_peers, output)
        print(f"chart (hand-made SVG): {output}")
    text = table(bars, peers, under_peers, idle) + "\n\n" + targets(bars, peers, under_peers, idle)
    (results_dir / "table.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
