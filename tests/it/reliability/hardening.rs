//! Hostile input that once cost gigabytes, leaked a file or fooled the terminal (issue
//! 18). Every bomb runs the real binary and must peak under 1 GiB resident and 10 s of
//! CPU time (30 s for the unoptimised binary of `cargo test`); a 4 GiB address-space
//! limit keeps a regression from taking the machine down. Each test prints what it
//! measured (`--nocapture` shows it).

use super::{
    assert_no_panic, built_site, check_rejected, doc, hostile_site, run, snapshot, stderr,
    Snapshot, DOC_2025, SERIES_YAML,
};
use crate::support::{list_files, SiteTest};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

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

const SECRET: &str = "HEMLIGT-LÖSENORD-4711";

/// A file outside the site root (in the temp dir's own temp dir).
fn outside_file(t: &SiteTest, name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let _ = t;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn links_out_of_the_site_are_refused_and_never_quoted() {
    let (t, before) = built_site();
    let link = |target: &Path, rel: &str| {
        let at = t.root().join(rel);
        let _ = std::fs::remove_file(&at);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, at).unwrap();
    };
    let passwd = format!("root:x:0:0:root:/root:/bin/bash\n{SECRET}:x:1000:1000::/home:/bin/sh\n");
    let (_keep, secret) = outside_file(&t, "passwd", &passwd);
    let secret_doc = format!("---\ntitle: {SECRET}\nyear: 2023\n---\n# {SECRET}\n");
    let (_keep2, secret_md) = outside_file(&t, "2023.md", &secret_doc);

    link(&secret, "content/avtal/_series.yaml");
    let err = bomb_rejected(
        &t,
        &before,
        "_series.yaml linked to a passwd file",
        "content/avtal/_series.yaml",
        Some(1),
        "a symbolic link leads outside the site folder",
    );
    assert!(!err.contains(SECRET) && !err.contains("root:"), "{err}");
    // The same file inside the site is read, and still not quoted.
    std::fs::remove_file(t.root().join("content/avtal/_series.yaml")).unwrap();
    t.write("content/avtal/_series.yaml", &passwd);
    let err = check_rejected(
        &t,
        &before,
        &run(&t, &["build"]),
        "content/avtal/_series.yaml",
        None,
        "invalid YAML",
    );
    assert!(!err.contains(SECRET) && !err.contains("root:"), "{err}");
    assert!(err.contains("invalid type: string, expected"), "{err}");
    t.write("content/avtal/_series.yaml", SERIES_YAML);

    for (target, rel, line) in [
        (secret_md.as_path(), "content/avtal/2023.md", Some(1)),
        (secret_md.parent().unwrap(), "content/extern", Some(1)),
        (secret.as_path(), "theme/static/extra.css", Some(1)),
        (secret.parent().unwrap(), "theme/templates", Some(1)),
        (secret.as_path(), "styrdok.yaml", Some(1)),
    ] {
        link(target, rel);
        let err = check_rejected(
            &t,
            &before,
            &run(&t, &["build"]),
            rel,
            line,
            "leads outside the site folder",
        );
        assert!(!err.contains(SECRET), "{err}");
        std::fs::remove_file(t.root().join(rel)).unwrap();
    }
    // Links that stay inside the site are followed as before.
    t.write("arkiv/2023.md", doc(2023, "# Arkiv\n"));
    link(&t.root().join("arkiv/2023.md"), "content/avtal/2023.md");
    let out = run(&t, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

// ---- base_url ------------------------------------------------------------------------

#[test]
fn base_urls_that_lead_to_another_host_are_refused() {
    let (t, before) = built_site();
    for bad in [
        "//evil.example/",
        "/\\\\evil.example/",
        "\"https://kommun.se/\\e[2J\"",
    ] {
        t.write("styrdok.yaml", format!("title: T\nbase_url: {bad}\n"));
        let err = check_rejected(
            &t,
            &before,
            &run(&t, &["build"]),
            "styrdok.yaml",
            Some(2),
            "base_url",
        );
        assert!(!err.contains('\u{1b}'), "{err}");
    }
    std::fs::remove_file(t.root().join("styrdok.yaml")).unwrap();
    for bad in [
        "//evil.example/",
        "/\\evil.example/",
        "https://kommun.se/\u{1b}[2J",
    ] {
        let out = run(&t, &["build", "--base-url", bad]);
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("--base-url: base_url"),
            "{}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains('\u{1b}'));
        assert!(snapshot(&t.public()) == before);
    }
    let out = run(&t, &["build", "--base-url", "/styrdokument"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(t.read("index.html").contains("\"/styrdokument/static/"));
}

// ---- Control characters ------------------------------------------------------------

#[test]
fn control_characters_in_yaml_are_refused_with_their_line() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Avtal\nyear: 2025\nkategori: \"x\\e]0;pwn\\a\\e[2J\"\n---\n# A\n",
    );
    let err = check_rejected(
        &t,
        &before,
        &run(&t, &["build"]),
        "content/avtal/2025.md",
        Some(4),
        "control character U+001B",
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    t.write("content/avtal/2025.md", DOC_2025);
    t.write(
        "content/avtal/_series.yaml",
        format!("{SERIES_YAML}description: \"a\\x0cb\"\n"),
    );
    check_rejected(
        &t,
        &before,
        &run(&t, &["build"]),
        "content/avtal/_series.yaml",
        Some(4),
        "U+000C",
    );
    t.write("content/avtal/_series.yaml", SERIES_YAML);
    t.write("styrdok.yaml", "title: \"Styr\\u0085dokument\"\n");
    check_rejected(
        &t,
        &before,
        &run(&t, &["build"]),
        "styrdok.yaml",
        Some(1),
        "U+0085",
    );
}

#[test]
fn escape_sequences_in_names_never_reach_the_terminal() {
    let (t, before) = built_site();
    let folder = "content/avtal\u{1b}[2J\u{1b}]0;x\u{7}";
    t.write(&format!("{folder}/2025.md"), "---\ntitle: A\n---\n# A\n");
    let out = run(&t, &["build"]);
    let err = stderr(&out);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(
        err.contains("content/avtal\\u{1b}[2J\\u{1b}]0;x\\u{7}/2025.md:2:1"),
        "{err}"
    );
    check_rejected(
        &t,
        &before,
        &out,
        "\\u{7}/2025.md",
        Some(2),
        "`year` is missing",
    );
    // A good document in such a folder builds; the summary line and the feed stay clean.
    t.write(&format!("{folder}/2025.md"), DOC_2025);
    let out = run(&t, &["build", "--output", "ut\u{1b}[31m"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out);
    assert!(!said.contains('\u{1b}'), "{said:?}");
    assert!(said.contains("ut\\u{1b}[31m"), "{said}");
}

/// The text of an XML file, read by a real parser (quick-xml); panics on anything that
/// is not well-formed XML 1.0, including characters XML 1.0 does not allow.
fn parse_xml(name: &str, xml: &str) -> String {
    let xml_char = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    if let Some(c) = xml.chars().find(|&c| !xml_char(c)) {
        panic!("{name}: U+{:04X} is not an XML 1.0 character", c as u32);
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut text = String::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return text,
            Ok(quick_xml::events::Event::Text(t)) => text.push_str(&t.xml10_content()),
            Ok(quick_xml::events::Event::GeneralRef(r)) => {
                let name_or_number: &str = &r;
                text.push(match name_or_number {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    "apos" | "#39" => '\'',
                    other => panic!("{name}: unexpected reference &{other};"),
                });
            }
            Ok(quick_xml::events::Event::End(_)) => text.push('\n'),
            Ok(_) => {}
            Err(e) => panic!(
                "{name} is not well-formed at byte {}: {e}",
                reader.buffer_position()
            ),
        }
    }
}

#[test]
fn feed_and_sitemap_are_well_formed_xml_on_hostile_input() {
    let t = hostile_site();
    // Control characters where YAML cannot refuse them: a folder name and the body.
    t.write(
        "content/kontroll\u{1}\u{1b}[31m\u{b}/_series.yaml",
        "municipality: \"<Nyköping & co>\"\n",
    );
    t.write(
        "content/kontroll\u{1}\u{1b}[31m\u{b}/2025.md",
        "---\ntitle: \"Avtal <&> ]]> '\\\"\"\nyear: 2025\n---\n# Rubrik \u{1}\u{8}\u{1b}\n\nText \u{0}\u{c}\u{fffe} slut.\n",
    );
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let atom = parse_xml("atom.xml", &t.read("atom.xml"));
    assert!(atom.contains("Avtal <&> ]]> '\" (2025)"), "{atom}");
    assert!(
        atom.contains("<script>window.__pwned='site'</script>"),
        "escaped, kept as text: {atom}"
    );
    parse_xml("sitemap.xml", &t.read("sitemap.xml"));
    let home = t.read("index.html");
    assert!(
        home.contains("kontroll[31m"),
        "folder title without its control characters"
    );
}

// ---- Names the site uses -----------------------------------------------------------

#[test]
fn series_folders_may_not_take_a_name_the_site_uses() {
    let (t, before) = built_site();
    for folder in ["sok", "Tillgänglighet", "static", "search"] {
        t.write(&format!("content/{folder}/2025.md"), DOC_2025);
        let err = check_rejected(
            &t,
            &before,
            &run(&t, &["build"]),
            &format!("content/{folder}/2025.md"),
            Some(1),
            "which the site itself uses",
        );
        assert!(
            err.contains(&format!("content/{folder} gives the URL")),
            "{err}"
        );
        std::fs::remove_dir_all(t.root().join("content").join(folder)).unwrap();
    }
}

// ---- Stale staging folders ---------------------------------------------------------

#[test]
fn only_styrdoks_own_staging_folders_are_removed() {
    let (t, _) = built_site();
    let theirs = t.root().join(".public.styrdok-staging-999999998");
    let ours = t.root().join(".public.styrdok-staging-999999999");
    for dir in [&theirs, &ours] {
        std::fs::create_dir(dir).unwrap();
        std::fs::write(dir.join("viktigt.txt"), "behåll mig").unwrap();
    }
    std::fs::write(ours.join(".styrdok-output"), "").unwrap();
    let out = run(&t, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!ours.exists(), "a killed build's staging folder is removed");
    assert_eq!(
        std::fs::read_to_string(theirs.join("viktigt.txt")).unwrap(),
        "behåll mig",
        "a folder without the marker is left alone"
    );
}

// ---- The dev server ------------------------------------------------------------------

/// `styrdok serve` on a free port; killed on drop.
struct Serve {
    child: std::process::Child,
    port: u16,
}

impl Serve {
    fn start(t: &SiteTest) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_styrdok"))
            .args(["serve", "--port", "0"])
            .current_dir(t.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let line = lines
            .find_map(|l| l.ok().filter(|l| l.starts_with("serving ")))
            .expect("serving line");
        let port = line
            .rsplit_once("127.0.0.1:")
            .and_then(|(_, rest)| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line}"));
        // Keep reading stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Serve { child, port }
    }

    /// One raw request with this `Host` header (or none); status line and body.
    fn get(&self, target: &str, host: Option<&str>) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
        write!(
            s,
            "GET {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(s);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        let code = status
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let mut rest = Vec::new();
        // An event stream never ends: read what the first second brings.
        reader
            .get_ref()
            .set_read_timeout(Some(Duration::from_secs(1)))
            .unwrap();
        let _ = reader.read_to_end(&mut rest);
        (code, String::from_utf8_lossy(&rest).into_owned())
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_dev_server_answers_only_its_own_host_names() {
    let (t, _) = built_site();
    let serve = Serve::start(&t);
    let port = serve.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.1".to_string(),
    ] {
        let (status, body) = serve.get("/avtal/2025/", Some(&host));
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("Avser kalenderåret 2025."), "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        format!("192.168.1.1:{port}"),
    ] {
        for target in ["/avtal/2025/", "/__styrdok/events", "/atom.xml"] {
            let (status, body) = serve.get(target, Some(&host));
            assert_eq!(status, 421, "{host} {target}");
            assert!(
                !body.contains("kalenderåret") && !body.contains("hello"),
                "{host} {target}: {body}"
            );
        }
    }
    let (status, _) = serve.get("/", None);
    assert_eq!(status, 400, "no Host header");
}

#[test]
fn the_dev_server_never_broadcasts_a_linked_file() {
    let (t, _) = built_site();
    let (_keep, secret) = outside_file(
        &t,
        "passwd",
        &format!("root:x:0:0:{SECRET}:/root:/bin/bash\n"),
    );
    std::fs::remove_file(t.root().join("content/avtal/_series.yaml")).unwrap();
    std::os::unix::fs::symlink(&secret, t.root().join("content/avtal/_series.yaml")).unwrap();
    let serve = Serve::start(&t);
    let host = format!("127.0.0.1:{}", serve.port);
    let (status, events) = serve.get("/__styrdok/events", Some(&host));
    assert_eq!(status, 200);
    assert!(events.contains("leads outside the site folder"), "{events}");
    assert!(
        !events.contains(SECRET) && !events.contains("root:"),
        "{events}"
    );
    // Inside the site, the YAML error does not quote the file either.
    std::fs::remove_file(t.root().join("content/avtal/_series.yaml")).unwrap();
    std::fs::copy(&secret, t.root().join("content/avtal/_series.yaml")).unwrap();
    let started = Instant::now();
    loop {
        let (_, events) = serve.get("/__styrdok/events", Some(&host));
        assert!(!events.contains(SECRET), "{events}");
        if events.contains("invalid type: string") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no rebuild: {events}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = list_files(t.root());
}
