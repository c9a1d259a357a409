#!/usr/bin/env python3
"""Full-build benchmark: styrdok against Hugo, mdBook and Pagefind on one corpus.

Run it through `benches/run.sh SCALE` (which builds styrdok in release mode first).
Standard library only, so it runs from a fresh clone wherever Python 3 is.

What it does, for one scale (tiny, small, medium, large):
- generates the corpus once with ../shared/bench/gen_corpus.py --layout all and caches
  it under target/bench-corpus/SCALE (regenerated when the generator changes);
- times each tool's full build from scratch: the output folder is deleted inside the
  timed command (`sh -c 'rm -rf OUT && exec TOOL ...'`);
- runs the tools alternately (A B C A B C ...) so that background load and cache
  state hit all of them alike, and reports the median wall time per tool; an untimed
  `sync` before each run writes every earlier output back to the disk first, so
  deleting it costs what it costs after a pause (--no-sync to skip);
- peak RSS comes from wait4() on the timed shell, which Linux reports as the maximum
  over the shell and everything it waited for (the same figure `/usr/bin/time -v`
  prints as "Maximum resident set size");
- Pagefind is timed on Hugo's output (built once, untimed) and compared with
  styrdok's whole build, which includes styrdok's own search index;
- finally it runs benches/search_bench.sh (bytes per one-word query against Pagefind)
  and benches/serve_bench.sh (edit under `serve`) when they exist, with
  `--corpus target/bench-corpus/SCALE/plain` (skipped on large unless asked).

Tools that are not installed are skipped with a printed reason. Results are also
written as JSON to target/bench-out/SCALE/results.json.
"""
import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCALES = ("tiny", "small", "medium", "large")
# mdBook needs > 5 minutes and ~13 GiB on large (figures from issue 9): skipped there
# unless asked for, so the whole bench stays within a session's time.
MDBOOK_LARGE_REASON = "mdBook on large takes > 5 min per build and ~13 GiB (pass --mdbook-large to run it)"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def find_generator():
    """gen_corpus.py: $STYRDOK_CORPUS_GEN, else ../shared/bench next to the clone."""
    candidates = [os.environ.get("STYRDOK_CORPUS_GEN", ""),
                  os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")]
    for c in candidates:
        if c and os.path.isfile(c):
            return os.path.abspath(c)
    sys.exit("bench: gen_corpus.py not found; set STYRDOK_CORPUS_GEN=/path/to/gen_corpus.py")


def file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()[:16]


def ensure_corpus(scale, generator):
    """Generates target/bench-corpus/SCALE once; a stamp records the generator's hash."""
    base = os.path.join(REPO, "target", "bench-corpus")
    out = os.path.join(base, scale)
    stamp = os.path.join(out, ".generator")
    want = f"{file_digest(generator)} {scale}\n"
    if os.path.isfile(stamp) and open(stamp).read() == want:
        return out
    if os.path.isdir(out) and not os.path.isfile(stamp):
        # Made by hand with the same command: trust it when all layouts are there.
        if all(os.path.isdir(os.path.join(out, l)) for l in ("plain", "hugo", "mdbook")):
            with open(stamp, "w") as f:
                f.write(want)
            return out
    tmp = out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    log(f"generating the {scale} corpus (once) into {out} ...")
    subprocess.run([sys.executable, generator, "--scale", scale, "--layout", "all", "--out", tmp],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(tmp, ".generator"), "w") as f:
        f.write(want)
    os.rename(tmp, out)
    return out


def count_documents(plain):
    content = os.path.join(plain, "content")
    n = 0
    for series in os.listdir(content):
        d = os.path.join(content, series)
        if os.path.isdir(d):
            n += sum(1 for f in os.listdir(d) if f.endswith(".md") and f[:-3].isdigit())
    return n


def tree_size(path):
    """(bytes, files, folders) of a folder, apparent sizes."""
    total = files = folders = 0
    for root, dirs, names in os.walk(path):
        folders += len(dirs)
        for n in names:
            try:
                total += os.lstat(os.path.join(root, n)).st_size
                files += 1
            except OSError:
                pass
    return total, files, folders


def pagefind_binary():
    """The Pagefind binary: on PATH, or the one the pagefind[extended] wheel ships."""
    for name in ("pagefind_extended", "pagefind"):
        p = shutil.which(name)
        if p:
            return [p]
    try:
        import importlib.util
        for mod, exe in (("pagefind_bin_extended", "pagefind_extended"), ("pagefind_bin", "pagefind")):
            spec = importlib.util.find_spec(mod)
            if spec and spec.origin:
                p = os.path.join(os.path.dirname(spec.origin), exe)
                if os.access(p, os.X_OK):
                    return [p]
    except (ImportError, ValueError):
        pass
    return None


def git_revision():
    """" (commit abc1234, tree modified)" for the checkout the bench runs in, if any."""
    try:
        rev = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""
    return f" (commit {rev}{', tree modified' if dirty else ''})" if rev else ""


def tool_version(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"


def timed(cmd, log_path):
    """Runs cmd (argv) once; returns (wall s, of which deleting the output s, CPU s, peak RSS bytes, exit code)."""
    mark = log_path + ".mark"
    if os.path.exists(mark):
        os.remove(mark)
    with open(log_path, "ab") as logf:
        epoch = time.time()
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=logf, stderr=logf, stdin=subprocess.DEVNULL, env=dict(os.environ, BENCH_MARK=mark))
        _pid, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
    try:
        rm_s = max(0.0, float(open(mark).read().strip()) - epoch)
    except (OSError, ValueError):
        rm_s = float("nan")
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, rm_s, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024, p.returncode


def rm_then(out, argv):
    """`rm -rf OUT && exec argv...` as one command, so deleting is inside the timing.
    The time when `rm` is done goes to $BENCH_MARK, to show what deleting costs."""
    return ["sh", "-c", 'out="$1"; shift; rm -rf "$out" && date +%s.%N > "$BENCH_MARK" && exec "$@"', "sh", out] + argv


class Tool:
    def __init__(self, name, cmd, out, size_dir, note=""):
        self.name, self.cmd, self.out, self.size_dir, self.note = name, cmd, out, size_dir, note
        self.walls, self.rms, self.cpus, self.rss = [], [], [], []
        self.failed = None


def machine_info():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": f"{platform.system()} {platform.release()}",
            "load_1min_at_start": round(load, 2)}


def filesystem_of(path):
    """"ext4 (/dev/vda, no journal)": the file system the outputs are written to."""
    best, desc = "", "?"
    try:
        for line in open("/proc/mounts"):
            dev, mnt, fstype = line.split()[:3]
            if (path == mnt or path.startswith(mnt.rstrip("/") + "/")) and len(mnt) >= len(best):
                best, desc = mnt, f"{fstype} ({dev})"
                if fstype == "ext4":
                    name = os.path.basename(dev)
                    # No jbd2 entry means no journal: ext4 then skips recently deleted inodes
                    # when allocating, which makes creating files after `rm -rf` slow.
                    journals = os.listdir("/proc/fs/jbd2") if os.path.isdir("/proc/fs/jbd2") else []
                    if not any(e.startswith(name) for e in journals):
                        desc = f"ext4 ({dev}, no journal)"
    except OSError:
        pass
    return desc


def fmt_bytes(n):
    for unit, div in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= div:
            return f"{n / div:.1f} {unit}" if n < 100 * div else f"{n / div:.0f} {unit}"
    return f"{n} B"


def add_floor_tools(tools, work):
    """For styrdok and Hugo: a tool that only deletes the output and copies a copy of
    it made once (untimed) on tmpfs. Its time is the file system's share of a build: no
    tool writing that output in that many files can be faster on this disk."""
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else work
    for t in [t for t in tools if t.name in ("styrdok", "hugo")]:
        prebuilt = os.path.join(shm, f"styrdok-bench-{t.name}-prebuilt")
        shutil.rmtree(prebuilt, ignore_errors=True)
        log(f"building {t.name}'s output once on tmpfs for the file-system floor (untimed) ...")
        argv = t.cmd[t.cmd.index(t.out) + 1:]
        argv = [prebuilt if a == t.out else a for a in argv]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        out = t.out + "-files"
        # The top-level entries split between as many `cp -a` as there are cores: the tools
        # write from every core too, and one `cp` would make the floor look higher.
        copy = ["sh", "-c", 'mkdir -p "$2" && cd "$1" && n=$(ls -A | wc -l) && '
                'ls -A | xargs -P "$3" -n $(( (n + $3 - 1) / $3 )) cp -a -t "$2"',
                "sh", prebuilt, out, str(os.cpu_count() or 1)]
        tools.append(Tool(f"{t.name} files", rm_then(out, copy), out, out,
                          f"{t.name}'s output copied from tmpfs on every core: the file system alone"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scale", choices=SCALES)
    ap.add_argument("--runs", type=int, default=3, help="timed runs per tool (alternating; default 3)")
    ap.add_argument("--warmup", type=int, default=None, help="untimed rounds first (default 1, 0 on large)")
    ap.add_argument("--only", default="", help="comma-separated subset: styrdok,hugo,mdbook,pagefind")
    ap.add_argument("--mdbook-large", action="store_true", help="run mdBook on large too")
    ap.add_argument("--styrdok", default=os.path.join(REPO, "target", "release", "styrdok"))
    ap.add_argument("--no-sync", action="store_true",
                    help="do not run `sync` (untimed) before each run; see BENCHMARKS.md on write-back")
    ap.add_argument("--no-extras", action="store_true", help="skip benches/search_bench.sh and serve_bench.sh")
    ap.add_argument("--extras-large", action="store_true", help="run search_bench/serve_bench on large too")
    ap.add_argument("--out-root", default=os.path.join(REPO, "target", "bench-out"),
                    help="where the tools write their output (e.g. /dev/shm/bench to leave the disk out)")
    ap.add_argument("--floor", action="store_true",
                    help="also time, for styrdok and Hugo, deleting the output and copying a prebuilt copy "
                         "of it from tmpfs with `cp -a`: what the file system alone costs for that output")
    args = ap.parse_args()
    warmup = args.warmup if args.warmup is not None else (0 if args.scale == "large" else 1)
    only = set(filter(None, args.only.split(",")))

    corpus = ensure_corpus(args.scale, find_generator())
    plain = os.path.join(corpus, "plain")
    documents = count_documents(plain)
    md_bytes, _, _ = tree_size(os.path.join(plain, "content"))
    work = os.path.join(os.path.abspath(args.out_root), args.scale)
    os.makedirs(work, exist_ok=True)
    report_dir = os.path.join(REPO, "target", "bench-out", args.scale)
    os.makedirs(report_dir, exist_ok=True)
    logs = os.path.join(report_dir, "logs")
    os.makedirs(logs, exist_ok=True)

    tools, skipped, versions = [], [], {}

    def want(name):
        return not only or name in only

    if want("styrdok"):
        if os.access(args.styrdok, os.X_OK):
            out = os.path.join(work, "styrdok")
            tools.append(Tool("styrdok", rm_then(out, [args.styrdok, "build", "--quiet", "--root", plain, "--output", out]),
                              out, out, "pages, change logs, comparisons, JSON, search index"))
            default_bin = os.path.join(REPO, "target", "release", "styrdok")
            where = git_revision() if os.path.abspath(args.styrdok) == default_bin else f" ({args.styrdok})"
            versions["styrdok"] = tool_version([args.styrdok, "--version"]) + where
        else:
            skipped.append(("styrdok", f"no binary at {args.styrdok} (run benches/run.sh, which builds it)"))
    hugo = shutil.which("hugo")
    if want("hugo") or want("pagefind"):
        if hugo:
            versions["hugo"] = tool_version([hugo, "version"])
        elif want("hugo"):
            skipped.append(("hugo", "not installed (apt-get install hugo)"))
    if want("hugo") and hugo:
        out = os.path.join(work, "hugo")
        tools.append(Tool("hugo", rm_then(out, [hugo, "--quiet", "--source", os.path.join(corpus, "hugo"), "--destination", out]),
                          out, out, "pages only (no search)"))
    mdbook = shutil.which("mdbook") or (os.path.expanduser("~/.cargo/bin/mdbook") if os.access(os.path.expanduser("~/.cargo/bin/mdbook"), os.X_OK) else None)
    if want("mdbook"):
        if not mdbook:
            skipped.append(("mdbook", "not installed (cargo install mdbook)"))
        elif args.scale == "large" and not args.mdbook_large:
            skipped.append(("mdbook", MDBOOK_LARGE_REASON))
            versions["mdbook"] = tool_version([mdbook, "--version"])
        else:
            out = os.path.join(work, "mdbook")
            tools.append(Tool("mdbook", rm_then(out, [mdbook, "build", os.path.join(corpus, "mdbook"), "--dest-dir", out]),
                              out, out, "pages + its JS search index"))
            versions["mdbook"] = tool_version([mdbook, "--version"])
    pagefind = pagefind_binary()
    pf_site = os.path.join(work, "hugo-for-pagefind")
    if want("pagefind"):
        if not pagefind:
            skipped.append(("pagefind", "not installed (pip install 'pagefind[extended]')"))
        elif not hugo:
            skipped.append(("pagefind", "needs Hugo's output to index, and Hugo is not installed"))
        else:
            versions["pagefind"] = tool_version(pagefind + ["--version"])
            log("building Hugo's output once for Pagefind to index (untimed) ...")
            shutil.rmtree(pf_site, ignore_errors=True)
            subprocess.run([hugo, "--quiet", "--source", os.path.join(corpus, "hugo"), "--destination", pf_site],
                           check=True, stdout=subprocess.DEVNULL)
            pf_out = os.path.join(pf_site, "pagefind")
            tools.append(Tool("pagefind", rm_then(pf_out, pagefind + ["--site", pf_site, "--output-path", pf_out]),
                              pf_out, pf_out, "search index only, on Hugo's output"))

    if args.floor:
        add_floor_tools(tools, work)

    info = machine_info()
    info["output_filesystem"] = filesystem_of(work)
    log(f"{args.scale}: {documents} documents, {fmt_bytes(md_bytes)} of Markdown; "
        f"{len(tools)} tools x ({warmup} warm-up + {args.runs} timed) runs, alternating; load {info['load_1min_at_start']}")
    for name, reason in skipped:
        log(f"  skipping {name}: {reason}")

    for rnd in range(warmup + args.runs):
        timed_round = rnd >= warmup
        for t in tools:
            if t.failed:
                continue
            if not args.no_sync:
                # Untimed: every previous output is on disk before each run, so each tool's
                # `rm -rf` pays the same (full) price and no tool's write-back slows the next.
                subprocess.run(["sync"], check=False)
            wall, rm_s, cpu, rss, rc = timed(t.cmd, os.path.join(logs, f"{t.name}.log"))
            label = f"run {rnd - warmup + 1}" if timed_round else "warm-up"
            if rc != 0:
                t.failed = f"exit code {rc} (see {os.path.join(logs, t.name + '.log')})"
                log(f"  {t.name:9} {label}: FAILED, {t.failed}")
                continue
            log(f"  {t.name:9} {label}: {wall:7.2f} s wall (rm -rf {rm_s:5.2f} s) {cpu:7.2f} s CPU {fmt_bytes(rss):>9}")
            if timed_round:
                t.walls.append(wall)
                t.rms.append(rm_s)
                t.cpus.append(cpu)
                t.rss.append(rss)

    results = {"scale": args.scale, "documents": documents, "markdown_bytes": md_bytes, "runs": args.runs,
               "sync_before_runs": not args.no_sync,
               "machine": info, "versions": versions, "tools": {}, "skipped": dict(skipped)}
    for t in tools:
        if t.failed or not t.walls:
            results["tools"][t.name] = {"failed": t.failed or "no runs"}
            continue
        size, files, folders = tree_size(t.size_dir)
        results["tools"][t.name] = {
            "median_s": statistics.median(t.walls), "walls_s": t.walls,
            "median_cpu_s": statistics.median(t.cpus), "median_rm_s": statistics.median(t.rms), "peak_rss_bytes": max(t.rss),
            "docs_per_s": documents / statistics.median(t.walls), "output_bytes": size, "output_files": files, "output_folders": folders,
            "what": t.note}
    with open(os.path.join(report_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    print_table(results)
    if args.no_extras:
        pass
    elif args.scale == "large" and not args.extras_large:
        print("\n(search and serve benches skipped on large: they build the site several times more; "
              "pass --extras-large to run them)")
    else:
        run_extras(args.scale, corpus, work, results)
    return 0 if all("failed" not in r for r in results["tools"].values()) else 1


def print_table(res):
    m = res["machine"]
    print(f"\n## {res['scale']}: {res['documents']} documents, {fmt_bytes(res['markdown_bytes'])} of Markdown"
          f" — median of {res['runs']} alternating runs")
    print(f"machine: {m['cpu']}, {m['cores']} cores, {m['memory']}, {m['os']}; load at start {m['load_1min_at_start']}; "
          f"output on {m['output_filesystem']}; sync before each run: {'yes' if res.get('sync_before_runs') else 'no'}")
    print("versions: " + "; ".join(f"{k} = {v}" for k, v in res["versions"].items()))
    print()
    print("| tool | median wall | of which rm -rf | runs (s) | CPU (user+sys) | documents/s | peak RSS | output | files + folders "
          "| styrdok/tool wall | styrdok/tool CPU | styrdok/tool RSS |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    s = res["tools"].get("styrdok", {})
    for name, r in res["tools"].items():
        if "failed" in r:
            print(f"| {name} | failed: {r['failed']} | | | | | | | | | | |")
            continue
        if name != "styrdok" and "median_s" in s:
            rt = f"{s['median_s'] / r['median_s']:.2f}"
            rc = f"{s['median_cpu_s'] / r['median_cpu_s']:.2f}"
            rr = f"{s['peak_rss_bytes'] / r['peak_rss_bytes']:.2f}"
        else:
            rt = rc = rr = "—"
        runs = " ".join(f"{w:.2f}" for w in r["walls_s"])
        print(f"| {name} | {r['median_s']:.2f} s | {r['median_rm_s']:.2f} s | {runs} | {r['median_cpu_s']:.2f} s | {r['docs_per_s']:.0f} "
              f"| {fmt_bytes(r['peak_rss_bytes'])} | {fmt_bytes(r['output_bytes'])} | {r['output_files']} + {r['output_folders']} | {rt} | {rc} | {rr} |")
    for name, reason in res["skipped"].items():
        print(f"| {name} | skipped: {reason} | | | | | | | | | | |")
    print()
    if "median_s" in s and "median_s" in res["tools"].get("hugo", {}):
        h = res["tools"]["hugo"]
        print(f"goal full build ≤ 0.5 × Hugo: styrdok/Hugo = {s['median_s'] / h['median_s']:.2f} "
              f"({'met' if s['median_s'] <= 0.5 * h['median_s'] else 'NOT met'})")
    floor, h = res["tools"].get("styrdok files", {}), res["tools"].get("hugo", {})
    if "median_s" in floor and "median_s" in h:
        print(f"file-system floor: deleting styrdok's output and copying it back from tmpfs (no computation) takes "
              f"{floor['median_s']:.2f} s = {floor['median_s'] / h['median_s']:.2f} × Hugo's whole build "
              f"(the goal leaves styrdok {0.5 * h['median_s']:.2f} s for everything)")
    if "peak_rss_bytes" in s:
        print(f"goal peak RSS ≤ 1 GiB: styrdok {fmt_bytes(s['peak_rss_bytes'])} "
              f"({'met' if s['peak_rss_bytes'] <= 1 << 30 else 'NOT met'})")
    if "median_s" in s and "median_s" in res["tools"].get("pagefind", {}):
        p = res["tools"]["pagefind"]
        print(f"Pagefind indexing Hugo's output: {p['median_s']:.2f} s; styrdok's whole build (search index included) "
              f"{s['median_s']:.2f} s = {s['median_s'] / p['median_s']:.2f} × Pagefind")
    sys.stdout.flush()


def run_extras(scale, corpus, work, results):
    """Runs the other benches when present: benches/search_bench.sh (bytes per one-word
    query against Pagefind) and benches/serve_bench.sh (edit → page rebuilt under
    `serve`), each given this scale's corpus with `--corpus DIR`."""
    plain = os.path.join(corpus, "plain")
    env = dict(os.environ, BENCH_SCALE=scale, BENCH_CORPUS=corpus, BENCH_PLAIN=plain,
               BENCH_STYRDOK_OUT=os.path.join(work, "styrdok"),
               BENCH_PAGEFIND_SITE=os.path.join(work, "hugo-for-pagefind"),
               BENCH_RESULTS_JSON=os.path.join(REPO, "target", "bench-out", scale, "results.json"))
    here = os.path.dirname(os.path.abspath(__file__))
    for stem, what in (("search_bench", "bytes per one-word query vs Pagefind"),
                       ("serve_bench", "one-file edit under serve")):
        path = os.path.join(here, stem + ".sh")
        if not os.path.isfile(path):
            print(f"\n({stem}.sh not present: no figures for {what})")
            continue
        print(f"\n### {what}: benches/{stem}.sh --corpus {plain}")
        sys.stdout.flush()
        r = subprocess.run(["bash", path, "--corpus", plain], env=env, cwd=REPO)
        if r.returncode != 0:
            print(f"({stem}.sh exited with {r.returncode})")


if __name__ == "__main__":
    sys.exit(main())
