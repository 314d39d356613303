"""Draws docs/benchmarks.svg from a benchmark run: JMH's JSON (uncontended acquire+release) and the
handoff harness's JSON (cross-process throughput).

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
    if name in ("mmapLock", "mmapLockWritingRegion"):
        what = "MmapLock, writes 8 bytes" if name == "mmapLockWritingRegion" else "MmapLock"
        return what + (", force on release" if params.get("forceOnRelease") == "true" else "")
    if name in ("throughSpringProxy", "lockCalledDirectly"):
        how = "@FileLocked through Spring proxy" if name == "throughSpringProxy" else "same lock called directly"
        return f"{how} ({params.get('type', 'file')})"
    return {
        "reentrantLock": "ReentrantLock (floor)",
        "fileChannelLock": "FileChannel.lock, kept-open channel",
    }.get(name, name)


def uncontended(results_dir):
    order = ["reentrantLock", "fileChannelLock", "fileLock", "mmapLock", "mmapLockWritingRegion", "lockCalledDirectly", "throughSpringProxy"]
    runs = json.loads((results_dir / "jmh.json").read_text())
    runs.sort(key=lambda r: order.index(r["benchmark"].rsplit(".", 1)[1]) if r["benchmark"].rsplit(".", 1)[1] in order
              else len(order))
    return [(label(r), median(r), number(r["primaryMetric"].get("scoreError"))) for r in runs]


def median(result):
    """The median of the measured iterations: on a shared, noisy machine it is steadier than the mean."""
    metric = result["primaryMetric"]
    return number(metric.get("scorePercentiles", {}).get("50.0", metric["score"])) or metric["score"]


def number(value):
    """JMH writes "NaN" as the error of a single iteration."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(result) else result


def handoff(results_dir):
    path = results_dir / "handoff.json"
    runs = json.loads(path.read_text()) if path.exists() else []
    return [(f"{r['kind']}, {r['processes']} processes", r["acquisitionsPerSecond"], r["handoffLatencyMedianNanos"])
            for r in runs]


def with_matplotlib(bars, peers, output):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 9), gridspec_kw={"height_ratios": [3, 2]})
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
        for y, (_, rate, latency) in enumerate(peers):
            bottom.text(rate, y, f" {rate:,.0f}/s, handoff median {latency / 1000:,.1f} µs", va="center", fontsize=8)
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


def by_hand(bars, peers, output):
    parts, y = bar_panel("Uncontended, one thread (JMH)", "ns per acquire + release, median of iterations, log scale; lower is better",
                         [(n, s) for n, s, _ in bars], lambda i: f"{bars[i][1]:,.0f} ns", 24, True)
    if peers:
        more, y = bar_panel("Cross-process, processes taking turns on one lock",
                            "acquisitions per second, all processes, log scale; higher is better",
                            [(n, r) for n, r, _ in peers],
                            lambda i: f"{peers[i][1]:,.0f}/s, handoff median {peers[i][2] / 1000:,.1f} µs", y + 10, True)
        parts += more
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="{y}" font-family="sans-serif">'
           f'<rect width="100%" height="100%" fill="white"/>' + "".join(parts) + "</svg>\n")
    Path(output).write_text(svg)


def table(bars, peers):
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
    if peers:
        python = {p[0].split(", ")[1]: p[1] for p in peers if p[0].startswith("python-flock")}
        lines += ["", "| cross-process | acquisitions/s | × python fcntl.flock | handoff latency median |",
                  "|---|---:|---:|---:|"]
        for name, rate, latency in peers:
            base = python.get(name.split(", ")[1])
            lines.append(f"| {name} | {rate:,.0f} | {rate / base:,.2f} | {latency / 1000:,.1f} µs |" if base
                         else f"| {name} | {rate:,.0f} | n/a | {latency / 1000:,.1f} µs |")
    return "\n".join(lines)


def main():
    results_dir, output = Path(sys.argv[1]), sys.argv[2]
    bars, peers = uncontended(results_dir), handoff(results_dir)
    try:
        with_matplotlib(bars, peers, output)
        print(f"chart (matplotlib): {output}")
    except ImportError:
        by_hand(bars, peers, output)
        print(f"chart (hand-made SVG): {output}")
    (results_dir / "table.md").write_text(table(bars, peers) + "\n")
    print(table(bars, peers))


if __name__ == "__main__":
    main()
