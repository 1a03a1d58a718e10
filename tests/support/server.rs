//! A web server on 127.0.0.1 for the tests of `hark import URL`: each
//! connection in a thread of its own, one request each, answered by a
//! route table the test writes. Never the internet.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server does for one path.
#[derive(Clone)]
pub enum Reply {
    /// A status, headers and a body.
    Page {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Answers 503 `times` times, then gives the page.
    FailThen {
        times: usize,
        status: u16,
        retry_after: Option<String>,
        page: Box<Reply>,
    },
    /// Accepts the request and never answers.
    Stall,
    /// A body of `bytes` bytes, made as it is sent, with no length given.
    Endless { bytes: u64 },
    /// Sleeps, then gives the page: a slow server.
    Slow(Duration, Box<Reply>),
}

impl Reply {
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::with_type("text/html; charset=utf-8", body)
    }

    pub fn with_type(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Page {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    pub fn status(status: u16) -> Reply {
        Reply::Page {
            status,
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: format!("<html><body>{status}</body></html>").into_bytes(),
        }
    }

    pub fn redirect(to: &str) -> Reply {
        Reply::Page {
            status: 302,
            headers: vec![("Location".into(), to.into())],
            body: Vec::new(),
        }
    }
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub user_agent: String,
}

pub struct Server {
    pub base: String,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let (r, s) = (routes.clone(), seen.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (r, s) = (r.clone(), s.clone());
                std::thread::spawn(move || serve(stream, &r, &s));
            }
        });
        Server { base, routes, seen }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sets (or replaces) what `path` answers.
    pub fn route(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.into(), reply);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub fn hits(&self, path: &str) -> usize {
        self.seen().iter().filter(|s| s.path == path).count()
    }
}

fn serve(stream: TcpStream, routes: &Mutex<HashMap<String, Reply>>, seen: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut user_agent = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("user-agent")
        {
            user_agent = value.trim().to_string();
        }
    }
    seen.lock().unwrap().push(Seen {
        path: path.clone(),
        user_agent,
    });
    let reply = {
        let mut routes = routes.lock().unwrap();
        match routes.get_mut(&path) {
            Some(Reply::FailThen {
                times,
                status,
                retry_after,
                ..
            }) if *times > 0 => {
                *times -= 1;
                let mut headers = vec![("Content-Type".into(), "text/html".into())];
                headers.extend(retry_after.clone().map(|r| ("Retry-After".into(), r)));
                Reply::Page {
                    status: *status,
                    headers,
                    body: b"busy".to_vec(),
                }
            }
            Some(Reply::FailThen { page, .. }) => (**page).clone(),
            Some(reply) => reply.clone(),
            None => Reply::status(404),
        }
    };
    answer(stream, reply);
}

fn answer(mut stream: TcpStream, reply: Reply) {
    match reply {
        Reply::Page {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} Whatever\r\n");
            for (name, value) in headers {
                head += &format!("{name}: {value}\r\n");
            }
            head += &format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::Stall => std::thread::sleep(Duration::from_secs(60)),
        Reply::Endless { bytes } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let chunk = vec![b'a'; 64 * 1024];
            let mut sent = 0;
            while sent < bytes {
                if stream.write_all(&chunk).is_err() {
                    return;
                }
                sent += chunk.len() as u64;
            }
        }
        Reply::Slow(pause, page) => {
            std::thread::sleep(pause);
            answer(stream, *page);
        }
        Reply::FailThen { page, .. } => answer(stream, *page),
    }
}
