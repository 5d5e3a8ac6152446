//! One browser for all of a build's printing, driven over the DevTools protocol on two pipes
//! (`--remote-debugging-pipe`: JSON messages ending in a NUL byte, commands on the browser's
//! fd 3, answers and events on its fd 4). No port is opened, so nothing else on the machine can
//! drive it, and no WebSocket client is needed. Each printing thread has its own tab; answers
//! are matched to their commands by id.

use super::pipe::Pipes;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// An answer to one command: its `result`, or the browser's error message.
type Answer = Result<Value, String>;

/// Commands sent and not yet answered, by id. `None` once the browser has gone.
type Waiting = Arc<Mutex<Option<HashMap<u64, mpsc::Sender<Answer>>>>>;

/// Largest message read from the browser: a printed PDF in base64, with room to spare.
const MAX_MESSAGE: usize = 512 * 1024 * 1024;

/// A running browser.
pub struct Browser {
    child: Child,
    commands: Mutex<std::fs::File>,
    waiting: Waiting,
    next: AtomicU64,
    reader: Option<JoinHandle<()>>,
    timeout: Duration,
}

/// What to wait for before printing a page: loaded, fonts ready; and what it is, to know the
/// document asked for is the one that answered.
const READY: &str = r#"new Promise(function (done) {
  if (document.readyState === "complete") { done(); } else { window.addEventListener("load", function () { done(); }); }
}).then(function () { return document.fonts.ready; }).then(function () {
  var nav = performance.getEntriesByType("navigation")[0];
  return { url: location.href, status: nav ? nav.responseStatus : 0 };
})"#;

impl Browser {
    /// Start `command` (a browser with every flag but the pipe's) and connect to it.
    pub fn launch(mut command: Command, timeout: Duration) -> Result<Browser, String> {
        command.arg("--remote-debugging-pipe");
        let mut pipes =
            Pipes::attach(&mut command).map_err(|e| format!("cannot make pipes: {e}"))?;
        let child = command
            .spawn()
            .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
        pipes.started();
        let waiting: Waiting = Arc::new(Mutex::new(Some(HashMap::new())));
        let from_browser = pipes.from_browser;
        let answers = waiting.clone();
        let reader = std::thread::spawn(move || read_answers(from_browser, &answers));
        Ok(Browser {
            child,
            commands: Mutex::new(pipes.to_browser),
            waiting,
            next: AtomicU64::new(1),
            reader: Some(reader),
            timeout,
        })
    }

    /// Send `method` (to the tab of `session`, or to the browser) and wait for its answer.
    fn call(&self, session: Option<&str>, method: &str, params: Value) -> Answer {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (send, receive) = mpsc::channel();
        match self
            .waiting
            .lock()
            .map_err(|_| "lost the browser")?
            .as_mut()
        {
            Some(waiting) => waiting.insert(id, send),
            None => return Err("the browser has exited".into()),
        };
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).map_err(|e| e.to_string())?;
        bytes.push(0);
        {
            let mut commands = self.commands.lock().map_err(|_| "lost the browser")?;
            commands
                .write_all(&bytes)
                .and_then(|()| commands.flush())
                .map_err(|e| format!("cannot talk to the browser: {e}"))?;
        }
        match receive.recv_timeout(self.timeout) {
            Ok(answer) => answer.map_err(|e| format!("{method}: {e}")),
            Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
                "the browser did not answer {method} within {} s",
                self.timeout.as_secs()
            )),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err("the browser has exited".into()),
        }
    }

    /// A new blank tab to print in.
    pub fn tab(&self) -> Result<Tab<'_>, String> {
        let target = self.call(None, "Target.createTarget", json!({"url": "about:blank"}))?;
        let target = text(&target, "targetId")?;
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
        )?;
        Ok(Tab {
            browser: self,
            session: text(&attached, "sessionId")?,
            target,
        })
    }

    /// Ask the browser to quit, and make sure it has.
    pub fn close(mut self) {
        let _ = self.call(None, "Browser.close", json!({}));
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
            }
        }
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }

    /// The browser's exit status when it has exited.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if self.reader.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One tab of a [`Browser`].
pub struct Tab<'b> {
    browser: &'b Browser,
    session: String,
    target: String,
}

impl Tab<'_> {
    fn call(&self, method: &str, params: Value) -> Answer {
        self.browser.call(Some(&self.session), method, params)
    }

    /// Load `url`, wait until it and its fonts are loaded, and print it: paper and margins
    /// from its `@page` rules, backgrounds, a tagged PDF. Its outline is docket's to make
    /// ([`super::finish`]): Chromium's repeats a heading that moved to the next page.
    pub fn print(&self, url: &str) -> Result<Vec<u8>, String> {
        let navigated = self.call("Page.navigate", json!({"url": url}))?;
        if let Some(error) = navigated.get("errorText").and_then(Value::as_str) {
            return Err(format!("cannot load {url}: {error}"));
        }
        // The answer to `navigate` may come before the new document can run script: until it
        // answers for the address asked for, ask again.
        let started = std::time::Instant::now();
        loop {
            let ready = self.call(
                "Runtime.evaluate",
                json!({"expression": READY, "awaitPromise": true, "returnByValue": true}),
            )?;
            if let Some(exception) = ready.get("exceptionDetails") {
                return Err(format!("cannot wait for {url} to load: {exception}"));
            }
            let value = &ready["result"]["value"];
            if value["url"].as_str() == Some(url) {
                match value["status"].as_u64() {
                    Some(200) | Some(0) => break,
                    Some(status) => return Err(format!("{url} answered {status}")),
                    None => break,
                }
            }
            if started.elapsed() > self.browser.timeout {
                return Err(format!("{url} did not load"));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let printed = self.call(
            "Page.printToPDF",
            json!({
                "printBackground": true,
                "preferCSSPageSize": true,
                "displayHeaderFooter": false,
                "generateTaggedPDF": true,
            }),
        )?;
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(text(&printed, "data")?)
            .map_err(|e| format!("the browser sent a PDF that is not base64: {e}"))
    }
}

impl Drop for Tab<'_> {
    fn drop(&mut self) {
        let _ = self
            .browser
            .call(None, "Target.closeTarget", json!({"targetId": self.target}));
    }
}

/// A string field of an answer.
fn text(answer: &Value, field: &str) -> Result<String, String> {
    answer[field]
        .as_str()
        .map(String::from)
        .ok_or_else(|| format!("the browser's answer has no {field}"))
}

/// Read messages until the browser closes its end, handing each answer to whoever waits for
/// it; events are not needed and are dropped. When the browser goes, every waiting command
/// learns that.
fn read_answers(from_browser: std::fs::File, waiting: &Waiting) {
    let mut reader = BufReader::new(from_browser);
    let mut message = Vec::new();
    loop {
        message.clear();
        let read = std::io::Read::take(&mut reader, MAX_MESSAGE as u64).read_until(0, &mut message);
        if !matches!(read, Ok(n) if n > 0 && message.last() == Some(&0)) {
            break;
        }
        message.pop();
        let Ok(value) = serde_json::from_slice::<Value>(&message) else {
            continue;
        };
        let Some(id) = value.get("id").and_then(Value::as_u64) else {
            continue;
        };
        let answer = match value.get("error") {
            Some(error) => Err(error["message"]
                .as_str()
                .unwrap_or("the browser refused the command")
                .to_string()),
            None => Ok(value.get("result").cloned().unwrap_or(Value::Null)),
        };
        let sender = waiting
            .lock()
            .ok()
            .and_then(|mut w| w.as_mut().and_then(|w| w.remove(&id)));
        if let Some(sender) = sender {
            let _ = sender.send(answer);
        }
    }
    // Dropping the senders wakes every waiting command with "disconnected".
    if let Ok(mut w) = waiting.lock() {
        *w = None;
    }
}
