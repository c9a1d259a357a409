//! `styrdok check`: nothing broken in the bundled site, and broken links traced to their source.

use super::*;

fn run_check(root: &Path, base: Option<&str>) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_styrdok"));
    cmd.args(["check", "--root"]).arg(root);
    if let Some(url) = base {
        cmd.args(["--base-url", url]);
    }
    let o = cmd.output().expect("run styrdok check");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn check_finds_nothing_broken_in_the_bundled_site() {
    let summary =
        Regex::new(r"checked (\d+) pages, (\d+) internal links: 0 broken").expect("regex");
    for base in [None, Some(SUB_PATH), Some("/styrdokument/")] {
        let (ok, stdout, stderr) = run_check(&repo_root(), base);
        assert!(ok, "check with base {base:?} failed:\n{stdout}\n{stderr}");
        let caps = summary
            .captures(&stdout)
            .unwrap_or_else(|| panic!("no summary: {stdout}"));
        assert!(
            caps[1].parse::<usize>().unwrap_or(0) >= PAGE_TYPES.len(),
            "{stdout}"
        );
        assert!(
            caps[2].parse::<usize>().unwrap_or(0) > 500,
            "every cross-year link is checked: {stdout}"
        );
    }
}

#[test]
fn check_reports_broken_links_at_their_markdown_line() {
    // Two series, one year each: no change log repeats the links.
    let t = SiteTest::new();
    t.write(
        "content/annat/2024.md",
        "---\ntitle: Annat 2024\nyear: 2024\n---\n\n# Formalia\n\nText.\n",
    );
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Avtal 2025\nyear: 2025\n---\n\n# Formalia\n\nSe [det andra](../../annat/2024/index.html#formalia) och [fel avsnitt](../../annat/2024/index.html#saknas).\n\n## Mer\n\n[Borta](../2023/index.html) och [mapp](../../annat/2024/) och [lagen](https://www.riksdagen.se/sv/lag/) och [rot](/avtal/).\n",
    );
    let (ok, stdout, stderr) = run_check(t.root(), None);
    assert!(!ok, "broken links must fail the check:\n{stdout}\n{stderr}");
    for want in [
        "content/avtal/2025.md:8:",
        "#saknas",
        "no element with id \"saknas\"",
        "content/avtal/2025.md:12:",
        "avtal/2023/index.html does not exist",
        "opened from disk shows a file listing",
        "root-relative link",
    ] {
        assert!(stderr.contains(want), "missing {want:?} in:\n{stderr}");
    }
    assert!(
        !stderr.contains("#formalia\""),
        "a good link is not reported:\n{stderr}"
    );
    assert!(
        stdout.contains("https://www.riksdagen.se/sv/lag/"),
        "external links are listed:\n{stdout}"
    );
    assert!(stdout.contains(": 4 broken, 2 external"), "{stdout}");
    // Under a base URL the folder link and the root-relative one work on a server.
    let (ok, stdout, stderr) = run_check(t.root(), Some("https://x.se/"));
    assert!(!ok);
    assert!(stdout.contains(": 2 broken"), "{stdout}\n{stderr}");
}

#[test]
fn check_traces_a_template_link_to_the_template() {
    let t = SiteTest::new();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Avtal 2025\nyear: 2025\n---\n\n# Formalia\n\nText.\n",
    );
    let base =
        std::fs::read_to_string(repo_root().join("theme/templates/base.html")).expect("base.html");
    t.write(
        "theme/templates/base.html",
        base.replace(
            "<main id=\"main\"",
            "<a href=\"{{ layout.root }}saknas.html\">x</a>\n<main id=\"main\"",
        ),
    );
    let (ok, _, stderr) = run_check(t.root(), None);
    assert!(!ok);
    assert!(
        stderr.contains("theme/templates/base.html (public/avtal/2025/index.html:"),
        "{stderr}"
    );
    assert!(stderr.contains("saknas.html does not exist"), "{stderr}");
}

// ---------------------------------------------------------------- deploy anywhere
