//! A minimal synchronous WebDriver client for Debian's `chromium` + `chromium-driver`,
//! shared by the browser tests. `Browser::start()` returns `None` (test skips, with a
//! printed reason) when Chromium is missing — except under `CI=true`, where it panics.
#![allow(dead_code, unreachable_pub)]

use serde_json::{json, Value};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// One Chromium at a time in the test binary (every area shares it): the machine has
/// two cores, and renderers starved of CPU time out.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A running chromedriver with one headless Chromium session.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
    /// Released after the driver is gone (fields drop after `Drop::drop`).
    _turn: MutexGuard<'static, ()>,
}

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl Browser {
    /// Starts Chromium at a window width of `width` px (height 900).
    pub fn start_with_width(width: u32) -> Option<Browser> {
        if !std::path::Path::new(CHROMIUM).exists() || !std::path::Path::new(DRIVER).exists() {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("CI=true but {CHROMIUM} / {DRIVER} are missing: .ci/run must install chromium and chromium-driver");
            }
            eprintln!("skipping browser test: {CHROMIUM} or {DRIVER} not installed (apt-get install chromium chromium-driver)");
            return None;
        }
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
        let port = free_port();
        let mut driver = Command::new(DRIVER);
        // `STYRDOK_WEBDRIVER_LOG=DIR`: chromedriver's verbose log per browser, to see
        // what a hung page was doing.
        if let Ok(dir) = std::env::var("STYRDOK_WEBDRIVER_LOG") {
            driver
                .arg("--verbose")
                .arg(format!("--log-path={dir}/chromedriver-{port}.log"));
        }
        let driver = driver
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--no-first-run".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--allow-file-access-from-files".into(),
            format!("--window-size={width},900"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let logging = std::env::var("STYRDOK_WEBDRIVER_LOG").is_ok();
        let caps = json!({"capabilities": {"alwaysMatch": {
            // With the log on, chromedriver also records the network events.
            "goog:loggingPrefs": if logging { json!({"performance": "ALL"}) } else { json!({}) },
            "browserName": "chrome",
            // A navigation to a server that never answers fails in 30 s, not 300.
            "timeouts": {"pageLoad": 30000},
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args}
        }}});
        let resp: Value = ureq::post(&format!("{base}/session"))
            .send_json(caps)
            .expect("new session")
            .into_json()
            .expect("json");
        let session = resp["value"]["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        Some(Browser {
            driver,
            base,
            session,
            _profile: profile,
            _turn: turn,
        })
    }

    /// Starts Chromium at a desktop width.
    pub fn start() -> Option<Browser> {
        Browser::start_with_width(1280)
    }

    fn url(&self, path: &str) -> String {
        format!("{}/session/{}{}", self.base, self.session, path)
    }

    fn post(&self, path: &str, body: Value) -> Value {
        self.try_post(path, body)
            .unwrap_or_else(|e| panic!("webdriver {path}: {e}"))
    }

    fn try_post(&self, path: &str, body: Value) -> Result<Value, String> {
        match ureq::post(&self.url(path)).send_json(body) {
            Ok(r) => Ok(r.into_json::<Value>().expect("json")["value"].clone()),
            Err(ureq::Error::Status(code, r)) => {
                Err(format!("{code} {}", r.into_string().unwrap_or_default()))
            }
            Err(e) => Err(e.to_string()),
        }
    }

    fn get(&self, path: &str) -> Value {
        ureq::get(&self.url(path))
            .call()
            .expect("webdriver get")
            .into_json::<Value>()
            .expect("json")["value"]
            .clone()
    }

    /// Opens a URL (http:// or file://).
    pub fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url }));
    }

    /// The current URL.
    pub fn current_url(&self) -> String {
        self.get("/url").as_str().unwrap_or_default().to_string()
    }

    /// Runs synchronous JavaScript (`return …;`) and returns its value.
    pub fn eval(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": [] }))
    }

    /// Runs asynchronous JavaScript; the script calls `arguments[0](value)` when done.
    pub fn eval_async(&self, script: &str) -> Value {
        self.post("/timeouts", json!({ "script": 60000 }));
        self.post("/execute/async", json!({ "script": script, "args": [] }))
    }

    /// Emulates a CSS media feature for the pages from now on, through Chromium's
    /// DevTools protocol (`prefers-color-scheme` = `dark`, as the system setting does);
    /// an empty `value` ends the emulation.
    pub fn emulate_media_feature(&self, name: &str, value: &str) {
        let features = if value.is_empty() {
            json!([])
        } else {
            json!([{ "name": name, "value": value }])
        };
        self.post(
            "/goog/cdp/execute",
            json!({ "cmd": "Emulation.setEmulatedMedia", "params": { "features": features } }),
        );
    }

    /// Finds an element by CSS selector, returning its WebDriver id.
    pub fn find(&self, css: &str) -> String {
        let v = self.post("/element", json!({ "using": "css selector", "value": css }));
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .expect("element id")
            .to_string()
    }

    /// Types text into an element (real key events).
    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.post(&format!("/element/{id}/value"), json!({ "text": text }));
    }

    /// Clicks an element.
    pub fn click(&self, css: &str) {
        let id = self.find(css);
        self.post(&format!("/element/{id}/click"), json!({}));
    }

    /// Polls `script` (which must `return` a boolean) until true or `timeout`.
    pub fn wait_for(&self, script: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self.eval(script).as_bool() == Some(true) {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Emulates a CSS media type ("print", "screen"; empty ends it) for the page, so
    /// print styles can be read back with `getComputedStyle` and `checkVisibility`.
    pub fn emulate_media(&self, media: &str) {
        self.post(
            "/goog/cdp/execute",
            json!({ "cmd": "Emulation.setEmulatedMedia", "params": { "media": media } }),
        );
    }

    /// The current page printed to PDF (WebDriver's print command), as the browser's
    /// "Print → Save as PDF" does with the page's print styles.
    pub fn print_pdf(&self) -> Vec<u8> {
        let data = self.post("/print", json!({ "background": false }));
        base64_decode(data.as_str().unwrap_or_default())
    }

    /// A PNG screenshot of the viewport.
    pub fn screenshot(&self, path: &std::path::Path) {
        use base64_decode as b64;
        let data = self.get("/screenshot");
        let bytes = b64(data.as_str().unwrap_or_default());
        std::fs::write(path, bytes).expect("write screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (screenshots, PDFs).
fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .expect("base64 from WebDriver")
}
