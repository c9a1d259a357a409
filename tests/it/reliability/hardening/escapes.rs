//! Input that tries to leave the site: links and base URLs to elsewhere, control characters and escape sequences, reserved folder names, foreign folders, and the dev server's host names and linked files.

use super::*;

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
