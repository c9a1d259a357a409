//! Hostile input that once cost gigabytes, leaked a file or fooled the terminal (issue
//! 18). Every bomb runs the real binary and must peak under 1 GiB resident and 10 s of
//! CPU time (30 s for the unoptimised binary of `cargo test`); a 4 GiB address-space
//! limit keeps a regression from taking the machine down. Each test prints what it
//! measured (`--nocapture` shows it).

use super::hostile_content::hostile_site;
use super::{
    assert_no_panic, built_site, check_rejected, doc, run, snapshot, stderr, Snapshot, DOC_2025,
    SERIES_YAML,
};
use crate::support::{list_files, SiteTest};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

mod escapes;

/// The promise: a bomb's build stays under 1 GiB resident …
const MEMORY_LIMIT: u64 = 1 << 30;
/// The address space the child may reserve (mimalloc and thread stacks reserve more
/// than they touch, so this is a safety net, not the measure).
const ADDRESS_SPACE_LIMIT: u64 = 4 << 30;
/// … and 10 s (CPU time, so a busy machine does not fail the test; wall time is shown).
/// styrdok's own code is not optimised in the test profile: three times as long there.
const CPU_LIMIT: Duration = Duration::from_secs(if cfg!(debug_assertions) { 30 } else { 10 });
/// A run still going after this is killed (the test then fails).
const WALL_LIMIT: Duration = Duration::from_secs(120);

/// A finished run and what it cost.
struct Measured {
    out: Output,
    peak_rss: u64,
    cpu: Duration,
    wall: Duration,
}

/// Runs styrdok in the site root with its address space capped at `ADDRESS_SPACE_LIMIT`
/// (an allocation past it fails and the process aborts) and kills it after `WALL_LIMIT`.
#[allow(clippy::zombie_processes)] // reaped by `wait4`, which also gives its CPU time
fn run_bounded(t: &SiteTest, args: &[&str]) -> Measured {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_styrdok"));
    cmd.args(args)
        .current_dir(t.root())
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE_LIMIT,
                rlim_max: ADDRESS_SPACE_LIMIT,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("start styrdok");
    let pid = child.id() as libc::pid_t;
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = r.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut killed = false;
    // The peak resident size, from the kernel's high-water mark of the running process
    // (`ru_maxrss` would also count the test process the child was forked from).
    let mut peak_rss = 0u64;
    let status_file = format!("/proc/{pid}/status");
    loop {
        if let Some(kb) = std::fs::read_to_string(&status_file).ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        }) {
            peak_rss = peak_rss.max(kb * 1024);
        }
        // SAFETY: waits for our own child only.
        let rc = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if rc == pid {
            break;
        }
        assert!(rc == 0, "wait4: {}", std::io::Error::last_os_error());
        if !killed && started.elapsed() > WALL_LIMIT {
            // SAFETY: our child, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let wall = started.elapsed();
    let out = Output {
        status: ExitStatus::from_raw(status),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    assert!(
        !killed,
        "killed after {WALL_LIMIT:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Measured {
        out,
        peak_rss,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        wall,
    }
}

/// Prints the measurement and checks the bounds and that nothing panicked.
fn within_bounds(what: &str, m: &Measured) {
    eprintln!(
        "measured {what}: peak {} MiB, CPU {:.2} s, wall {:.2} s, exit {:?}",
        m.peak_rss >> 20,
        m.cpu.as_secs_f64(),
        m.wall.as_secs_f64(),
        m.out.status.code()
    );
    assert_no_panic(&m.out);
    assert!(
        m.out.status.code().is_some(),
        "{what}: killed by a signal (out of memory under the 4 GiB address-space limit?): {}",
        stderr(&m.out)
    );
    assert!(
        m.peak_rss < MEMORY_LIMIT,
        "{what}: {} MiB",
        m.peak_rss >> 20
    );
    assert!(m.cpu < CPU_LIMIT, "{what}: {:?} of CPU", m.cpu);
}

/// A bomb's build stops within bounds with `rel:line` and `message`; public/ unchanged.
fn bomb_rejected(
    t: &SiteTest,
    before: &Snapshot,
    what: &str,
    rel: &str,
    line: Option<usize>,
    message: &str,
) -> String {
    let m = run_bounded(t, &["build"]);
    within_bounds(what, &m);
    let err = check_rejected(t, before, &m.out, rel, line, message);
    assert!(err.len() < 4096, "{what}: {} bytes of error", err.len());
    err
}

// ---- Memory and time bombs ---------------------------------------------------------

/// `&a` on a 1 MB string, then 2,000 `*a`: 2 GB once expanded.
fn alias_bomb(key: &str, list_key: &str) -> String {
    format!(
        "{key}: &a {}\n{list_key}: [{}]\n",
        "x".repeat(1 << 20),
        vec!["*a"; 2000].join(", ")
    )
}

#[test]
fn yaml_alias_bombs_stop_at_the_anchor() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        format!(
            "---\ntitle: A\nyear: 2025\n{}---\n# A\n",
            alias_bomb("x", "y")
        ),
    );
    bomb_rejected(
        &t,
        &before,
        "alias bomb in front matter",
        "content/avtal/2025.md",
        Some(4),
        "aliases (`*name`) expand this YAML past its limit",
    );
    t.write("content/avtal/2025.md", DOC_2025);

    t.write("content/avtal/_series.yaml", alias_bomb("title", "parties"));
    bomb_rejected(
        &t,
        &before,
        "alias bomb in _series.yaml",
        "content/avtal/_series.yaml",
        Some(1),
        "aliases",
    );
    t.write("content/avtal/_series.yaml", SERIES_YAML);

    t.write(
        "styrdok.yaml",
        format!(
            "title: &a {}\naccessibility:\n  known_issues: [{}]\n",
            "x".repeat(1 << 20),
            vec!["*a"; 2000].join(", ")
        ),
    );
    bomb_rejected(
        &t,
        &before,
        "alias bomb in styrdok.yaml",
        "styrdok.yaml",
        Some(1),
        "aliases",
    );
}

/// `tables` tables of `columns` columns, each with `rows` rows of one cell (GFM fills
/// each row up to the header's width).
fn wide_tables(tables: usize, columns: usize, rows: usize) -> String {
    let table = format!(
        "{}|\n{}|\n{}\n",
        "| x ".repeat(columns),
        "|---".repeat(columns),
        "| 1 |\n".repeat(rows)
    );
    doc(2025, &format!("# Tabeller\n\n{}", table.repeat(tables)))
}

#[test]
fn wide_tables_stop_at_the_limits() {
    let (t, before) = built_site();
    // 1,000 columns × 500 rows × 60 tables: 30 million cells from 180 kB.
    t.write("content/tabeller/2025.md", wide_tables(60, 1000, 500));
    bomb_rejected(
        &t,
        &before,
        "60 tables of 1000 columns × 500 rows",
        "content/tabeller/2025.md",
        Some(9),
        "this table has 1000 columns; at most 100",
    );
    // 100 columns pass the column limit; 60 × 500 rows of them pass the cell limit.
    t.write("content/tabeller/2025.md", wide_tables(60, 100, 500));
    let err = bomb_rejected(
        &t,
        &before,
        "60 tables of 100 columns × 500 rows",
        "content/tabeller/2025.md",
        None,
        "more than 100000 cells",
    );
    assert!(err.contains("hint: split"), "{err}");
    // Just under the limit builds, within bounds.
    t.write("content/tabeller/2025.md", wide_tables(1, 100, 990));
    let m = run_bounded(&t, &["build"]);
    within_bounds("1 table of 100 columns × 990 rows (99,200 cells)", &m);
    assert!(m.out.status.success(), "{}", stderr(&m.out));
    assert_eq!(
        t.read("tabeller/2025/index.html").matches("<td").count(),
        99_000
    );
}

#[test]
fn forty_thousand_identical_headings_build_in_linear_time() {
    let (t, _) = built_site();
    t.write(
        "content/rubriker/2025.md",
        doc(2025, &"## Rubrik\n\nText.\n\n".repeat(40_000)),
    );
    let m = run_bounded(&t, &["build"]);
    within_bounds("40,000 identical headings", &m);
    assert!(m.out.status.success(), "{}", stderr(&m.out));
    let html = t.read("rubriker/2025/index.html");
    assert!(html.contains("id=\"rubrik\"") && html.contains("id=\"rubrik-40000\""));
    assert_eq!(html.matches("id=\"rubrik-").count(), 39_999);
}

#[test]
fn a_huge_code_block_is_shown_as_plain_text() {
    let (t, _) = built_site();
    let line = "let värde = \"<b>\" & berakna(x, y); // kommentar\n";
    let code = line.repeat(13 * 1024 * 1024 / line.len());
    t.write(
        "content/kod/2025.md",
        doc(
            2025,
            &format!("# Kod\n\n```rust\n{code}```\n\n```rust\nfn liten() {{}}\n```\n"),
        ),
    );
    let m = run_bounded(&t, &["build"]);
    within_bounds("13 MB code block", &m);
    assert!(m.out.status.success(), "{}", stderr(&m.out));
    let html = t.read("kod/2025/index.html");
    assert!(html.contains(
        "<pre><code class=\"language-rust\">let värde = &quot;&lt;b&gt;&quot; &amp; berakna"
    ));
    assert!(html.len() > 13 * 1024 * 1024);
}

/// 100 editions × 50 sections, one changed line a year: static comparisons only for
/// consecutive years and against the latest (issue 13), so the output grows linearly
/// with the years (it was 2.4 GB when every pair had a page; see SECURITY.md).
#[test]
fn a_hundred_editions_stay_within_bounds() {
    let (t, _) = built_site();
    for year in 1925..2025 {
        let body: String = (1..=50)
            .map(|i| {
                let changed = if i == (year - 1925) % 50 + 1 {
                    format!(" Ändrad {year}.")
                } else {
                    String::new()
                };
                format!("## {i} Avsnitt {i}\n\nText för avsnitt {i}.{changed}\n\n")
            })
            .collect();
        t.write(&format!("content/serie/{year}.md"), doc(year, &body));
    }
    let m = run_bounded(&t, &["build"]);
    within_bounds("100 editions × 50 sections", &m);
    assert!(m.out.status.success(), "{}", stderr(&m.out));
    let bytes: u64 = walkdir::WalkDir::new(t.public())
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    assert!(bytes < 60 << 20, "{} MiB written", bytes >> 20);
}

// ---- Symbolic links out of the site --------------------------------------------------
