//! A small W3C WebDriver client: starts ChromeDriver with headless Chromium, and drives it over
//! HTTP with reqwest. Just what the browser tests need: navigate, find by CSS, type, click, read,
//! run a script, resize, screenshot.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::Client;
use serde_json::{Value, json};

/// W3C's name for an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Browsers are heavy on a 2-core machine: tests take turns.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn find_program(name: &str, fallback: &str) -> Option<PathBuf> {
    let from_path = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|p| p.is_file()));
    from_path.or_else(|| Some(PathBuf::from(fallback)).filter(|p| p.is_file()))
}

/// A headless Chromium under ChromeDriver. Dropping it ends the session and stops both.
pub struct Browser {
    client: Client,
    driver_url: String,
    session: String,
    driver: Child,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl Browser {
    pub async fn start() -> Browser {
        Browser::start_in("en-GB").await
    }

    /// A browser whose person reads `languages` (an `Accept-Language` list such as `es-MX,es`).
    pub async fn start_in(languages: &str) -> Browser {
        let chromedriver = find_program("chromedriver", "/usr/bin/chromedriver").unwrap_or_else(|| {
            panic!("the browser tests need ChromeDriver and Chromium, which are not installed: run scripts/test (it installs the chromium and chromium-driver packages)")
        });
        let chromium = find_program("chromium", "/usr/bin/chromium")
            .or_else(|| find_program("chromium-browser", "/usr/bin/chromium-browser"))
            .unwrap_or_else(|| panic!("the browser tests need Chromium, which is not installed: run scripts/test (it installs the chromium package)"));
        let turn = ONE_AT_A_TIME.lock().await;
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {}: {e}; run scripts/test", chromedriver.display()));
        let client = Client::builder().timeout(Duration::from_secs(60)).build().expect("an HTTP client");
        let driver_url = format!("http://127.0.0.1:{port}");
        let mut browser = Browser { client, driver_url, session: String::new(), driver, _turn: turn };
        browser.wait_until_ready().await;
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                         format!("--lang={}", languages.split(',').next().unwrap_or("en-GB")), "--no-first-run",
                         "--disable-extensions", "--hide-scrollbars"],
                "prefs": {"intl": {"accept_languages": languages}}
            }
        }}});
        let created = browser.call(reqwest::Method::POST, "/session", Some(capabilities)).await;
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("ChromeDriver did not start a session: {created}"))
            .to_owned();
        browser
    }

    async fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(response) = self.client.get(format!("{}/status", self.driver_url)).send().await
                && let Ok(status) = response.json::<Value>().await
                && status["value"]["ready"] == true
            {
                return;
            }
            assert!(Instant::now() < deadline, "ChromeDriver did not become ready within 20 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// One WebDriver command; returns its `value`, failing the test with WebDriver's message.
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        self.try_call(method.clone(), path, body)
            .await
            .unwrap_or_else(|message| panic!("WebDriver {method} {path} answered {message}"))
    }

    /// One WebDriver command; its `value`, or the status and message WebDriver answered with.
    async fn try_call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{path}", self.driver_url);
        let mut request = self.client.request(method.clone(), &url);
        if let Some(body) = body {
            request = request.json(&body);
        } else if method == reqwest::Method::POST {
            request = request.json(&json!({}));
        }
        let response = request.send().await.map_err(|e| format!("no answer: {e}"))?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            return Err(format!("{status}: {}", body["value"]["message"].as_str().unwrap_or(&body.to_string())));
        }
        Ok(body["value"].clone())
    }

    async fn session_call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body).await
    }

    pub async fn goto(&self, url: &str) {
        self.session_call(reqwest::Method::POST, "/url", Some(json!({"url": url}))).await;
    }

    pub async fn current_url(&self) -> String {
        self.session_call(reqwest::Method::GET, "/url", None).await.as_str().unwrap_or_default().to_owned()
    }

    pub async fn title(&self) -> String {
        self.session_call(reqwest::Method::GET, "/title", None).await.as_str().unwrap_or_default().to_owned()
    }

    pub async fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        let found = self
            .session_call(reqwest::Method::POST, "/elements", Some(json!({"using": "css selector", "value": css})))
            .await;
        found
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str())
                    .map(|id| Element { browser: self, id: id.to_owned() })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first element matching `css`, waiting up to 5 s for it to appear.
    pub async fn find(&self, css: &str) -> Element<'_> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(element) = self.find_all(css).await.into_iter().next() {
                return element;
            }
            if Instant::now() > deadline {
                let url = self.current_url().await;
                let text = self.text("body").await;
                panic!("no element matches {css:?} on {url}; the page reads:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The visible text of the first element matching `css`, or "" when there is none.
    pub async fn text(&self, css: &str) -> String {
        match self.find_all(css).await.into_iter().next() {
            Some(element) => element.text().await,
            None => String::new(),
        }
    }

    /// Runs `script` in the page (a function body; `arguments` holds `args`) and returns its result.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.session_call(reqwest::Method::POST, "/execute/sync", Some(json!({"script": script, "args": args}))).await
    }

    pub async fn set_window_size(&self, width: u32, height: u32) {
        self.session_call(reqwest::Method::POST, "/window/rect", Some(json!({"width": width, "height": height}))).await;
    }

    /// Saves a PNG of the whole page (not just the window), so long pages are seen entire.
    pub async fn screenshot(&self, path: &Path) {
        let height = self
            .execute("return Math.ceil(document.documentElement.scrollHeight);", vec![])
            .await
            .as_u64()
            .unwrap_or(900);
        // Chrome captures the window; grow it to the page's height for the shot, then restore.
        let outer = self.session_call(reqwest::Method::GET, "/window/rect", None).await;
        let (outer_w, outer_h) = (outer["width"].as_u64().unwrap_or(1280), outer["height"].as_u64().unwrap_or(900));
        let chrome_h = outer_h.saturating_sub(self.viewport().await.1);
        self.set_window_size(outer_w as u32, (height + chrome_h).min(12_000) as u32).await;
        let encoded = self.session_call(reqwest::Method::GET, "/screenshot", None).await;
        self.set_window_size(outer_w as u32, outer_h as u32).await;
        let png = decode_base64(encoded.as_str().unwrap_or_default());
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create the screenshot directory");
        }
        std::fs::write(path, png).expect("write the screenshot");
    }

    /// Prints the page to PDF with WebDriver's print command (`POST /session/{id}/print`) on
    /// paper of `width` × `height` centimetres, backgrounds included; returns the PDF's bytes.
    pub async fn print(&self, width_cm: f64, height_cm: f64) -> Vec<u8> {
        let encoded = self
            .session_call(
                reqwest::Method::POST,
                "/print",
                Some(
                    json!({"page": {"width": width_cm, "height": height_cm}, "background": true, "shrinkToFit": false}),
                ),
            )
            .await;
        decode_base64(encoded.as_str().unwrap_or_default())
    }

    /// Saves the page as window-sized PNGs, top to bottom (`name.png`, `name-2.png`, …), the way a
    /// phone shows it one screen at a time.
    pub async fn screenshot_screens(&self, dir: &Path, name: &str) {
        std::fs::create_dir_all(dir).expect("create the screenshot directory");
        let (_, screen) = self.viewport().await;
        let height = self
            .execute("return Math.ceil(document.documentElement.scrollHeight);", vec![])
            .await
            .as_u64()
            .unwrap_or(screen);
        let screens = height.div_ceil(screen.max(1)).clamp(1, 12);
        for i in 0..screens {
            self.execute("window.scrollTo(0, arguments[0]);", vec![json!(i * screen)]).await;
            let encoded = self.session_call(reqwest::Method::GET, "/screenshot", None).await;
            let file = if i == 0 { format!("{name}.png") } else { format!("{name}-{}.png", i + 1) };
            std::fs::write(dir.join(file), decode_base64(encoded.as_str().unwrap_or_default()))
                .expect("write the screenshot");
        }
        self.execute("window.scrollTo(0, 0);", vec![]).await;
    }

    /// The layout viewport's width and height in CSS pixels.
    pub async fn viewport(&self) -> (u64, u64) {
        let size = self.execute("return [document.documentElement.clientWidth, window.innerHeight];", vec![]).await;
        (size[0].as_u64().unwrap_or(0), size[1].as_u64().unwrap_or(0))
    }

    /// How far the page is wider than the window, in CSS pixels; 0 when nothing sticks out.
    pub async fn horizontal_overflow(&self) -> i64 {
        let sizes = self.execute("return [document.documentElement.scrollWidth, window.innerWidth];", vec![]).await;
        sizes[0].as_i64().unwrap_or(0) - sizes[1].as_i64().unwrap_or(0)
    }

    /// Fills a field by setting its value as a person's typing would end up, and tells the page.
    /// Used for date inputs, whose typing depends on the browser's locale.
    pub async fn set_value(&self, css: &str, value: &str) {
        let element = self.find(css).await;
        self.execute(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true})); arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            vec![element.json(), json!(value)],
        )
        .await;
    }

    /// Picks the option with `value` in the `<select>` matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
        self.find(&format!("{css} option[value=\"{value}\"]")).await.click().await;
    }

    /// Types into the field matching `css`, replacing what it held.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await;
        field.send_keys(text).await;
    }

    /// Clicks something that stays on the page (a radio button, a `<summary>`).
    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await;
    }

    /// Clicks a link or a submit button and waits until the page it leads to has loaded:
    /// WebDriver's click returns once the click is dispatched, which can be before the old page
    /// is gone, and reading from a page that is being replaced is a race.
    pub async fn follow(&self, css: &str) {
        let target = self.find(css).await;
        // A new document gets a new `window`, so a mark on this one tells the two apart.
        self.execute("window.rapportOldPage = true;", vec![]).await;
        target.click().await;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let loaded = self
                .try_call(reqwest::Method::POST, &format!("/session/{}/execute/sync", self.session), Some(json!({
                    "script": "return window.rapportOldPage !== true && document.readyState === 'complete';", "args": []
                })))
                .await;
            if loaded.is_ok_and(|done| done == true) {
                return;
            }
            if Instant::now() > deadline {
                panic!("clicking {css:?} on {} did not lead to a new page within 15 s", self.current_url().await);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session makes ChromeDriver close Chromium; Drop cannot await, so a plain
        // blocking request does it.
        if !self.session.is_empty() {
            let address = self.driver_url.trim_start_matches("http://").to_owned();
            let request = format!(
                "DELETE /session/{} HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                self.session
            );
            if let Ok(mut stream) = TcpStream::connect(&address) {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let _ = stream.write_all(request.as_bytes());
                let _ = stream.read_to_end(&mut Vec::new());
            }
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64, as WebDriver sends screenshots; a few lines rather than another dependency.
fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for sextet in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | u32::from(sextet);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// An element found in the page.
pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
}

impl Element<'_> {
    fn json(&self) -> Value {
        json!({ELEMENT_KEY: self.id})
    }

    async fn call(&self, method: reqwest::Method, what: &str, body: Option<Value>) -> Value {
        self.browser.session_call(method, &format!("/element/{}{what}", self.id), body).await
    }

    pub async fn click(&self) {
        // Scroll it to the middle first: a sticky header or the edge of a small window must not
        // be what receives the click.
        self.browser.execute("arguments[0].scrollIntoView({block: 'center'});", vec![self.json()]).await;
        self.call(reqwest::Method::POST, "/click", None).await;
    }

    pub async fn send_keys(&self, text: &str) {
        self.call(reqwest::Method::POST, "/value", Some(json!({"text": text}))).await;
    }

    pub async fn clear(&self) {
        self.call(reqwest::Method::POST, "/clear", None).await;
    }

    pub async fn text(&self) -> String {
        self.call(reqwest::Method::GET, "/text", None).await.as_str().unwrap_or_default().to_owned()
    }

    pub async fn attribute(&self, name: &str) -> Option<String> {
        self.call(reqwest::Method::GET, &format!("/attribute/{name}"), None).await.as_str().map(str::to_owned)
    }

    /// The element's own property, e.g. an input's current `value`.
    pub async fn property(&self, name: &str) -> Value {
        self.call(reqwest::Method::GET, &format!("/property/{name}"), None).await
    }

    /// The first element inside this one matching `css`.
    pub async fn find(&self, css: &str) -> Element<'_> {
        let found =
            self.call(reqwest::Method::POST, "/element", Some(json!({"using": "css selector", "value": css}))).await;
        Element {
            browser: self.browser,
            id: found[ELEMENT_KEY].as_str().unwrap_or_else(|| panic!("no {css:?} inside the element")).to_owned(),
        }
    }
}
