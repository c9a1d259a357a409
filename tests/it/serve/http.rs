//! The server over HTTP: only the built site, the right types, no traversal, the next free port, many open streams, Ctrl-C.

use super::rebuilds::build_drafts;
use super::*;

#[test]
fn serves_only_the_built_site_with_the_right_types() {
    let site = fixture();
    let serve = Serve::start(site.root());

    let home = serve.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.text().contains("Förhandsvisning"), "{}", home.text());
    assert!(
        home.text().contains("<script src=\"/__styrdok/reload.js\""),
        "reload script injected when served"
    );
    assert!(
        !home.text().contains(STALE_PUBLIC),
        "public/ is not what serve serves"
    );

    // Drafts are included.
    let draft = serve.get("/avtal/2025/");
    assert_eq!(draft.status, 200);
    assert!(draft.text().contains("Utkastet för nästa år."));

    let css = serve.get("/static/style.css");
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css; charset=utf-8"))
    );
    assert!(
        !css.text().contains("__styrdok"),
        "only HTML gets the script"
    );
    let js = serve.get("/__styrdok/reload.js");
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.text().contains("EventSource"));

    let json_path = list_files(&build_drafts(site.root()).path().join("out"))
        .into_iter()
        .find(|p| p.ends_with(".json"))
        .expect("a JSON file");
    let json = serve.get(&format!("/{json_path}"));
    assert_eq!(
        (json.status, json.header("content-type")),
        (200, Some("application/json")),
        "{json_path}"
    );

    // HEAD: the same head as GET, no body.
    let head = http(serve.port, "HEAD", "/avtal/2024/");
    let get = serve.get("/avtal/2024/");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), get.header("content-length"));
    assert_eq!(
        head.header("content-length"),
        Some(get.body.len().to_string().as_str())
    );
    assert!(head.body.is_empty());

    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let r = http(serve.port, method, "/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
    }

    // A folder without its slash is redirected; a miss gets the theme's 404 page.
    let redirect = serve.get("/avtal/2024?x=1");
    assert_eq!(
        (redirect.status, redirect.header("location")),
        (302, Some("/avtal/2024/?x=1"))
    );
    let missing = serve.get("/avtal/1999/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        missing.text().contains("Sidan finns inte"),
        "{}",
        missing.text()
    );
    assert!(
        missing.text().contains("<base href=\"/\">"),
        "relative links of the 404 page work at any depth"
    );
    assert_eq!(serve.get("/nope.css").status, 404);
}

#[test]
fn traversal_never_reaches_the_file_system() {
    let site = fixture();
    let serve = Serve::start(site.root());
    for target in [
        "/../secret.txt",
        "/avtal/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/avtal/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/avtal\\..\\..\\secret.txt",
        "//secret.txt",
        "/%2fsecret.txt",
        &format!("/{}", site.root().join("secret.txt").display()),
        &format!("/{}", site.root().join("public/index.html").display()),
        "/secret.txt",
        "/styrdok.yaml",
        "/content/avtal/2024.md",
        "/public/index.html",
        "/index.html%00.css",
        "/secret.txt%00",
        "/C:/Windows/win.ini",
        "/%c0%ae%c0%ae/secret.txt",
    ] {
        let r = serve.get(target);
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: status {}",
            r.status
        );
        let text = r.text();
        assert!(
            !text.contains(SECRET)
                && !text.contains(STALE_PUBLIC)
                && !text.contains("title: Avtal"),
            "{target} leaked a file"
        );
    }
    assert_eq!(serve.get("/../secret.txt").status, 400);
    assert_eq!(serve.get("/%2e%2e/secret.txt").status, 400);
    // The server is still fine afterwards.
    assert_eq!(serve.get("/").status, 200);
}

#[test]
fn takes_the_next_port_when_the_first_is_busy() {
    let site = fixture();
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let serve = Serve::start_on(site.root(), port);
    let out = serve.output();
    assert!(out.contains(&format!("port {port} is taken")), "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("serving "))
        .unwrap()
        .to_string();
    let url = line
        .split(" at ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap();
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(&format!(":{port}/")),
        "{line}"
    );
    let actual: u16 = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(http(actual, "GET", "/").status, 200);
}

#[test]
fn many_open_streams_do_not_starve_page_requests() {
    let site = fixture();
    let serve = Serve::start(site.root());
    let streams: Vec<Events> = (0..200).map(|_| serve.events()).collect();
    for _ in 0..20 {
        assert_eq!(serve.get("/avtal/2024/").status, 200);
    }
    // And they all hear about an edit.
    site.write(
        "content/avtal/2024.md",
        doc(2024, "", "Alla flikar ska se detta."),
    );
    for (i, mut s) in streams.into_iter().enumerate() {
        let (name, _) = s
            .next(Duration::from_secs(30))
            .unwrap_or_else(|| panic!("stream {i} got no event"));
        assert_eq!(name, "reload");
    }
}

#[test]
fn ctrl_c_stops_cleanly() {
    let site = fixture();
    let mut serve = Serve::start(site.root());
    let _stream = serve.events();
    let pid = serve.child.id();
    let status = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let exit = loop {
        if let Some(s) = serve.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert!(serve.output().contains("stopped"), "{}", serve.output());
}
