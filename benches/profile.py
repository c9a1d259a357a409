#!/usr/bin/env python3
"""Profile one styrdok build: where the time and the memory go.

    python3 benches/profile.py SCALE [--styrdok BIN] [--no-perf] [--perf-disk]

For the corpus of SCALE (generated and cached as by benches/run.sh) it:
1. builds once onto the disk (target/bench-out/SCALE/profile-out, deleted first, as in
   the bench) and once onto tmpfs (/dev/shm), sampling the process's RSS every 20 ms:
   wall, CPU (user / sys), peak RSS and an RSS timeline. The gap between the two runs
   is what the file system costs (on an ext4 without a journal, creating inodes right
   after `rm -rf` is slow: the allocator skips every recently deleted inode);
2. records the tmpfs build with `perf record -e cpu-clock --call-graph dwarf` (software
   clock: works in VMs without hardware counters) and prints the inclusive share of
   styrdok's own functions and the top self-time symbols. --perf-disk records the disk
   build as well, to show the kernel's share.

Everything printed is also written to target/bench-out/SCALE/profile.txt.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in benches/
import bench  # noqa: E402  (same folder: corpus cache and helpers)

REPO = bench.REPO
LINES = []


def out(line=""):
    print(line, flush=True)
    LINES.append(line)


def rss_of(pid):
    """(RSS bytes, bytes written so far) of a running process, or None."""
    try:
        rss = None
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) * 1024
        written = 0
        with open(f"/proc/{pid}/io") as f:
            for line in f:
                if line.startswith("wchar:"):
                    written = int(line.split()[1])
        return None if rss is None else (rss, written)
    except (OSError, ValueError):
        return None


def run_sampled(argv):
    """Runs argv, sampling its RSS; returns (wall, user, sys, peak RSS, [(t, rss)])."""
    samples = []
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            r = rss_of(p.pid)
            if r is not None:
                samples.append((time.perf_counter() - start, r[0], r[1]))
            time.sleep(0.02)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    _pid, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    t.join()
    err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"styrdok failed: {err}")
    return wall, ru.ru_utime, ru.ru_stime, ru.ru_maxrss * 1024, samples


def timeline(samples, wall, points=10, field=1):
    """RSS (field 1) or bytes written so far (field 2) at 10 %, 20 %, … of the run."""
    cells = []
    for i in range(points):
        lo, hi = wall * i / points, wall * (i + 1) / points
        in_slice = [s[field] for s in samples if lo <= s[0] < hi]
        cells.append(bench.fmt_bytes(max(in_slice)) if in_slice else "·")
    return " ".join(f"{c:>9}" for c in cells)


def build_cmd(binary, plain, output):
    return ["sh", "-c", 'rm -rf "$1" && exec "$2" build --quiet --root "$3" --output "$1"', "sh", output, binary, plain]


# Where a build's time goes, by stage: a sample counts for a stage when the stage's
# function is anywhere on its stack (so nested stages overlap: compare ⊂ changes_page).
STAGES = [
    ("load content, config, theme (site::load)", ("styrdok::site::load", "styrdok::content::load")),
    ("parse Markdown (markdown::parse)", ("styrdok::markdown::parse",)),
    ("align sections (align::align)", ("styrdok::align::align",)),
    ("compare editions (compare::compare)", ("styrdok::compare::compare",)),
    ("  of which word diffs (diff::diff_bodies)", ("styrdok::diff::diff_bodies",)),
    ("render + write a page (site::Ctx::page)", ("styrdok::site::Ctx::page",)),
    ("change logs + comparisons (pages::changes::write)", ("styrdok::site::pages::changes::write", "styrdok::site::series::changes_page")),
    ("JSON files (site::json_bytes)", ("styrdok::site::json_bytes",)),
    ("templates (tera Tera::render)", ("tera::tera::Tera::render",)),
    ("search index (search::write_index)", ("styrdok::search::write_index", "styrdok::search::build_index")),
    ("  tokenize, anywhere (search::tokenize::tokens)", ("styrdok::search::tokenize::tokens",)),
    ("  postings (search::index::build)", ("styrdok::search::index::build",)),
    ("writing files (Sink::put, all)", ("<styrdok::output::DirSink as styrdok::output::Sink>::put",)),
    ("  of which open/create (kernel)", ("do_sys_openat2",)),
    ("  of which mkdir (kernel)", ("do_mkdirat",)),
    ("swap + delete old output (DirSink::commit)", ("styrdok::output::DirSink::commit",)),
    ("page faults (first touch of memory)", ("asm_exc_page_fault",)),
    ("allocator (malloc/free, mimalloc)", ("malloc", "free", "_int_malloc", "_int_free", "mi_", "_mi_")),
    ("rm -rf before the build", ("__rm__",)),
]


def perf_stacks(data):
    """[(command, [symbols, innermost first], time)] from `perf script`."""
    r = subprocess.run(["perf", "script", "-i", data, "-F", "comm,time,ip,sym"], capture_output=True, text=True)
    samples, comm, stack, when = [], None, [], 0.0
    for line in r.stdout.splitlines():
        if not line.strip():
            if comm is not None:
                samples.append((comm, stack, when))
            comm, stack = None, []
        elif not line.startswith((" ", "\t")):
            head = line.split()
            comm, stack = head[0], []
            when = float(head[-1].rstrip(":")) if head[-1].rstrip(":").replace(".", "", 1).isdigit() else 0.0
        else:
            parts = line.split(None, 1)
            if len(parts) == 2:
                stack.append(re.sub(r"\+0x[0-9a-f]+$", "", parts[1].split(" (")[0]).strip())
    if comm is not None:
        samples.append((comm, stack, when))
    return samples


def stage_of(comm, stack):
    """The innermost named stage on a sample's stack (for the timeline)."""
    if comm == "rm":
        return "rm -rf"
    for f in stack:
        for label, keys in STAGES[:-2]:
            if any(f == k or f.startswith(k + "<") for k in keys) and not label.startswith(("  of which open", "  of which mkdir", "page faults")):
                return label.strip().split(" (")[0]
    return "other"


def perf_tables(data, frequency=499, limit_self=24):
    samples = perf_stacks(data)
    total = len(samples) or 1
    samples2 = [(c, st) for c, st, _ in samples]
    out(f"{len(samples)} samples; share of samples with the stage on the stack (stages overlap; deep stacks"
        " that DWARF unwinding cut short are missing their outer frames, so these are lower bounds):")
    for label, keys in STAGES:
        if keys == ("__rm__",):
            n = sum(1 for comm, _ in samples2 if comm == "rm")
        elif keys[0].startswith(("malloc",)):
            n = sum(1 for _, st in samples2 if st and (st[0] in keys[:4] or st[0].startswith(keys[4:])))
        else:
            n = sum(1 for _, st in samples2 if any(f == k or f.startswith(k + "<") for f in st for k in keys))
        out(f"  {100 * n / total:6.2f}%  {label}")
    out("")
    out("self time, top symbols (innermost frame):")
    counts = {}
    for _, st in samples2:
        name = st[0] if st else "?"
        counts[name] = counts.get(name, 0) + 1
    for name, n in sorted(counts.items(), key=lambda kv: -kv[1])[:limit_self]:
        out(f"  {100 * n / total:6.2f}%  {name[:150]}")
    out("")
    times = [w for _, _, w in samples if w]
    if times:
        t0, t1 = min(times), max(times)
        out("over time (tenths of the recorded run): the two stages with most samples in each")
        for i in range(10):
            lo, hi = t0 + (t1 - t0) * i / 10, t0 + (t1 - t0) * (i + 1) / 10
            c = {}
            for comm, st, w in samples:
                if lo <= w < hi or (i == 9 and w == t1):
                    k = stage_of(comm, st)
                    c[k] = c.get(k, 0) + 1
            n = sum(c.values()) or 1
            top = sorted(c.items(), key=lambda kv: -kv[1])[:2]
            busy = sum(c.values()) / (frequency * (hi - lo)) if hi > lo else 0.0
            out(f"  {i * 10:3d}–{(i + 1) * 10:3d} %: {busy:4.2f} cores busy; "
                + ", ".join(f"{k} {100 * v / n:.0f} %" for k, v in top))


def main():
    ap = argparse.ArgumentParser(description="Profile one styrdok build (time and memory).")
    ap.add_argument("scale", choices=bench.SCALES)
    ap.add_argument("--styrdok", default=None, help="binary to profile (default: cargo build --release)")
    ap.add_argument("--no-perf", action="store_true", help="only the timed runs and RSS timelines")
    ap.add_argument("--perf-disk", action="store_true", help="also perf-record the build onto the disk")
    ap.add_argument("--frequency", default="499", help="perf sampling frequency (Hz)")
    ap.add_argument("--skip-disk", action="store_true", help="no timed build onto the disk (large: minutes of rm -rf)")
    args = ap.parse_args()

    binary = args.styrdok
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "styrdok"], cwd=REPO, check=True)
        binary = os.path.join(REPO, "target", "release", "styrdok")
    binary = os.path.abspath(binary)
    corpus = bench.ensure_corpus(args.scale, bench.find_generator())
    plain = os.path.join(corpus, "plain")
    docs = bench.count_documents(plain)
    report_dir = os.path.join(REPO, "target", "bench-out", args.scale)
    os.makedirs(report_dir, exist_ok=True)
    disk_out = os.path.join(report_dir, "profile-out")
    shm_root = "/dev/shm" if os.path.isdir("/dev/shm") else None
    shm_out = os.path.join(shm_root, f"styrdok-profile-{os.getpid()}") if shm_root else None

    info = bench.machine_info()
    out(f"# styrdok profile, {args.scale}: {docs} documents ({binary})")
    out(f"machine: {info['cpu']}, {info['cores']} cores, {info['memory']}; load at start {info['load_1min_at_start']}")
    out("")
    targets = [] if args.skip_disk else [("disk", disk_out, bench.filesystem_of(report_dir))]
    if shm_out:
        targets.append(("tmpfs", shm_out, bench.filesystem_of(shm_root)))
    out("| output on | wall | user | sys | CPU/wall | peak RSS | at 10 %, 20 %, … 100 % of the run: RSS / bytes written so far |")
    out("|---|---:|---:|---:|---:|---:|---|")
    for label, path, fs in targets:
        wall, user, sys_, peak, samples = run_sampled(build_cmd(binary, plain, path))
        out(f"| {label}: {fs} | {wall:.2f} s | {user:.2f} s | {sys_:.2f} s | {(user + sys_) / wall:.2f} "
            f"| {bench.fmt_bytes(peak)} | RSS {timeline(samples, wall)}<br>written {timeline(samples, wall, field=2)} |")
    out("")
    if args.no_perf or not shutil.which("perf"):
        if not args.no_perf:
            out("(perf not installed: apt-get install linux-perf)")
    else:
        runs = [("tmpfs", shm_out)] if shm_out else []
        if args.perf_disk or not shm_out:
            runs.append(("disk", disk_out))
        for label, path in runs:
            data = os.path.join(report_dir, f"perf-{label}.data")
            out(f"## perf, output on {label} (cpu-clock at {args.frequency} Hz, DWARF call graphs; {data})")
            r = subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", args.frequency, "--call-graph",
                                "dwarf,16384", "-o", data, "--"] + build_cmd(binary, plain, path),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if r.returncode != 0:
                out(f"perf record failed: {r.stderr.strip()[:300]}")
                continue
            perf_tables(data, float(args.frequency))
            out("")
    if shm_out:
        shutil.rmtree(shm_out, ignore_errors=True)
    with open(os.path.join(report_dir, "profile.txt"), "w") as f:
        f.write("\n".join(LINES) + "\n")


if __name__ == "__main__":
    main()
