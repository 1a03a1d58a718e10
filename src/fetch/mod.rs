//! The only layer on the network: polite HTTP for `hark import URL`, and
//! podcast feeds read (`feed`). Uses `story` only: a fetched page or
//! transcript becomes a Story through `story::parse`; storing it is the
//! caller's job.
//!
//! One request at a time, a pause between two requests to one host,
//! robots.txt asked first, 429 and 5xx retried with backoff (honouring
//! `Retry-After`), timeouts on connecting and reading, and a cap on the
//! body. Every failure names its URL.

mod error;
pub mod feed;
mod robots;

use std::collections::HashMap;
use std::io::ErrorKind;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use ureq::ResponseExt;

pub(crate) use error::{FetchError, Problem};
use robots::Robots;

use crate::story::Story;
use crate::story::parse::{self, html};

/// What hark calls itself to servers, and the name robots.txt rules use.
pub(crate) const USER_AGENT: &str = concat!("hark/", env!("CARGO_PKG_VERSION"));
pub(crate) const ROBOTS_AGENT: &str = "hark";

/// Larger than any transcript page; a body past this is refused unread.
pub(crate) const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;
const MAX_REDIRECTS: u32 = 10;
/// A Retry-After longer than this is not waited for: the URL fails.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(120);
/// The first backoff when the server gives no Retry-After; it doubles.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// How polite to be; `hark config --default` lists each with its default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Settings {
    /// The least time between two requests to one host.
    pub delay: Duration,
    /// For connecting, and for each wait on the server while reading.
    pub timeout: Duration,
    /// How often a 429 or 5xx is tried again.
    pub retries: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            delay: Duration::from_secs(1),
            timeout: Duration::from_secs(30),
            retries: 3,
        }
    }
}

/// A page as the server sent it.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// Where it was found, after redirects.
    pub url: String,
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
}

/// A polite HTTP client: it remembers when it last asked each host and
/// what each host's robots.txt says.
pub(crate) struct Fetcher {
    agent: ureq::Agent,
    settings: Settings,
    last_request: HashMap<String, Instant>,
    robots: HashMap<String, Robots>,
}

impl Fetcher {
    pub(crate) fn new(settings: Settings) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .user_agent(USER_AGENT)
            .http_status_as_error(false)
            .max_redirects(MAX_REDIRECTS)
            .timeout_connect(Some(settings.timeout))
            .timeout_resolve(Some(settings.timeout))
            .timeout_recv_response(Some(settings.timeout))
            .timeout_per_read(Some(settings.timeout))
            .build();
        Fetcher {
            agent: config.into(),
            settings,
            last_request: HashMap::new(),
            robots: HashMap::new(),
        }
    }

    /// Fetches `url`, a story's page or a podcast's feed, told apart by
    /// what the server sends.
    pub(crate) fn story_or_feed(
        &mut self,
        url: &str,
        imported_at: Timestamp,
    ) -> Result<Found, FetchError> {
        let page = self.fetch(url, Wanted::PageOrFeed)?;
        if feed::is_feed(&page.bytes) {
            let show = feed::read(&page.bytes)
                .map_err(|e| FetchError::new(&page.url, Problem::Feed(e.to_string())))?;
            return Ok(Found::Feed(FetchedFeed {
                requested: url.to_string(),
                show,
            }));
        }
        if let Some(kind) = page.content_type.as_deref().filter(|t| !is_page_type(t)) {
            return Err(FetchError::new(url, Problem::NotHtml(media_type(kind))));
        }
        self.story_from(url, page, imported_at)
            .map(|fetched| Found::Story(Box::new(fetched)))
    }

    /// The story of a feed's episode: its transcript fetched and read,
    /// then described by the feed at `feed_url`.
    pub(crate) fn episode(
        &mut self,
        show: &feed::Show,
        episode: &feed::Episode,
        feed_url: &str,
        imported_at: Timestamp,
    ) -> Result<Fetched, FetchError> {
        let link = episode
            .best_transcript()
            .ok_or_else(|| FetchError::new(feed_url, Problem::NoTranscript))?;
        let transcript = link.url.clone();
        let page = self.fetch(&transcript, Wanted::Transcript)?;
        let mut story = parse::parse(&page.bytes, None, imported_at)
            .map_err(|e| FetchError::new(&transcript, Problem::Parse(e)))?;
        story.source.url.get_or_insert_with(|| page.url.clone());
        episode.describe(show, feed_url, &mut story);
        Ok(Fetched {
            requested: transcript,
            found_at: page.url,
            story,
            page: page.bytes,
        })
    }

    /// The story on `page`, fetched from `url`. A story page that only
    /// links to its transcript leads to the transcript page.
    fn story_from(
        &mut self,
        url: &str,
        mut page: Page,
        imported_at: Timestamp,
    ) -> Result<Fetched, FetchError> {
        let mut read = read_page(&page)?;
        let link = read
            .as_ref()
            .filter(|r| r.paragraphs.is_empty())
            .and_then(|r| r.transcript_link.clone())
            .filter(|link| *link != page.url);
        if let Some(link) = link {
            page = self.page(&link)?;
            read = read_page(&page)?;
        }
        let mut story = match read {
            Some(read) => html::story_from(read, None, imported_at),
            None => parse::parse(&page.bytes, None, imported_at),
        }
        .map_err(|e| FetchError::new(&page.url, Problem::Parse(e)))?;
        story.source.url.get_or_insert_with(|| page.url.clone());
        Ok(Fetched {
            requested: url.to_string(),
            found_at: page.url,
            story,
            page: page.bytes,
        })
    }

    /// One page, politely: robots.txt first, then the page, retried on
    /// 429 and 5xx.
    pub(crate) fn page(&mut self, url: &str) -> Result<Page, FetchError> {
        self.fetch(url, Wanted::Page)
    }

    /// One resource of the kind `wanted`, politely.
    fn fetch(&mut self, url: &str, wanted: Wanted) -> Result<Page, FetchError> {
        let parsed = url::Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| FetchError::new(url, Problem::BadUrl))?;
        if !self.allowed(&parsed) {
            return Err(FetchError::new(url, Problem::RobotsDisallow));
        }
        let mut attempt = 0;
        loop {
            match self.get_once(&parsed, wanted)? {
                Attempt::Done(page) => return Ok(page),
                Attempt::Retry { status, wait } => {
                    if attempt >= self.settings.retries || wait > MAX_RETRY_WAIT {
                        return Err(FetchError::new(url, Problem::Status(status)));
                    }
                    let backoff = FIRST_BACKOFF * 2u32.pow(attempt);
                    std::thread::sleep(wait.max(backoff.min(MAX_RETRY_WAIT)));
                    attempt += 1;
                }
            }
        }
    }

    fn get_once(&mut self, url: &url::Url, wanted: Wanted) -> Result<Attempt, FetchError> {
        self.wait_for_host(url);
        let named = |problem| FetchError::new(url.as_str(), problem);
        let mut response = self
            .agent
            .get(url.as_str())
            .header("Accept", wanted.accept())
            .call()
            .map_err(|e| named(problem_of(e)))?;
        let status = response.status().as_u16();
        if status == 429 || (500..600).contains(&status) {
            let wait = retry_after(response.headers().get("retry-after"));
            return Ok(Attempt::Retry {
                status,
                wait: wait.unwrap_or_default(),
            });
        }
        // Named by the address asked for, the one the reader knows, even
        // when a redirect led elsewhere.
        if !(200..300).contains(&status) {
            return Err(named(Problem::Status(status)));
        }
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        if let Some(kind) = content_type.as_deref().filter(|t| !wanted.takes(t)) {
            return Err(named(Problem::NotHtml(media_type(kind))));
        }
        let declared = response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        if declared.is_some_and(|len| len > MAX_PAGE_BYTES) {
            return Err(named(Problem::TooLarge(MAX_PAGE_BYTES)));
        }
        let bytes = response
            .body_mut()
            .with_config()
            .limit(MAX_PAGE_BYTES)
            .read_to_vec()
            .map_err(|e| named(problem_of(e)))?;
        Ok(Attempt::Done(Page {
            url: response.get_uri().to_string(),
            bytes,
            content_type,
        }))
    }

    /// Sleeps until this host may be asked again.
    fn wait_for_host(&mut self, url: &url::Url) {
        let host = origin(url);
        let delay = self
            .robots
            .get(&host)
            .and_then(Robots::crawl_delay)
            .map_or(self.settings.delay, |d| d.max(self.settings.delay));
        if let Some(last) = self.last_request.get(&host) {
            let since = last.elapsed();
            if since < delay {
                std::thread::sleep(delay - since);
            }
        }
        self.last_request.insert(host, Instant::now());
    }

    /// Whether robots.txt lets hark fetch `url`; read once per host.
    fn allowed(&mut self, url: &url::Url) -> bool {
        let host = origin(url);
        if !self.robots.contains_key(&host) {
            let robots = self.read_robots(url);
            self.robots.insert(host.clone(), robots);
        }
        self.robots[&host].allows(url.as_str())
    }

    /// A host's robots.txt. None there (4xx) allows everything; one that
    /// cannot be read now is no reason to refuse: the page itself will
    /// say whether the host answers.
    fn read_robots(&mut self, url: &url::Url) -> Robots {
        let Ok(robots_url) = url.join("/robots.txt") else {
            return Robots::allow_all();
        };
        self.wait_for_host(url);
        let response = self.agent.get(robots_url.as_str()).call();
        match response {
            Ok(mut r) if r.status().is_success() => r
                .body_mut()
                .with_config()
                .limit(robots::MAX_ROBOTS_BYTES)
                .read_to_vec()
                .map(|body| Robots::parse(&body))
                .unwrap_or_else(|_| Robots::allow_all()),
            _ => Robots::allow_all(),
        }
    }
}

/// A story fetched, and where from.
#[derive(Debug, Clone)]
pub(crate) struct Fetched {
    /// The URL asked for.
    pub requested: String,
    /// The page the story came from: after redirects, or the transcript
    /// page a story page led to.
    pub found_at: String,
    pub story: Story,
    /// The page's bytes as served, kept as the story's original so that a
    /// better parser can read it again.
    pub page: Vec<u8>,
}

impl Fetched {
    /// Every address the story is known by, to find it again on re-import.
    pub(crate) fn addresses(&self) -> Vec<&str> {
        let mut urls = vec![self.requested.as_str(), self.found_at.as_str()];
        urls.extend(self.story.source.url.as_deref());
        urls.dedup();
        urls
    }
}

/// What a URL turned out to be.
#[derive(Debug, Clone)]
pub(crate) enum Found {
    Story(Box<Fetched>),
    Feed(FetchedFeed),
}

/// A podcast's feed, read.
#[derive(Debug, Clone)]
pub(crate) struct FetchedFeed {
    /// The URL asked for: the one to fetch again for new episodes.
    pub requested: String,
    pub show: feed::Show,
}

/// What a request is for, which decides what it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    /// A story's page: HTML or text.
    Page,
    /// A page, or a feed served as XML.
    PageOrFeed,
    /// A podcast's transcript, in whichever format the feed named.
    Transcript,
}

impl Wanted {
    fn accept(self) -> &'static str {
        match self {
            Wanted::Page => "text/html,application/xhtml+xml,text/plain;q=0.8",
            Wanted::PageOrFeed => {
                "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,\
                 application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8"
            }
            Wanted::Transcript => {
                "application/json,text/vtt,application/x-subrip,text/html,text/plain;q=0.9,\
                 */*;q=0.5"
            }
        }
    }

    /// Whether a response of `content_type` is read at all.
    fn takes(self, content_type: &str) -> bool {
        let kind = media_type(content_type);
        let xml = kind.ends_with("/xml") || kind.ends_with("+xml");
        match self {
            Wanted::Page => is_page_type(content_type),
            Wanted::PageOrFeed => is_page_type(content_type) || xml,
            // A transcript is text of some kind, whatever its server calls
            // it; audio, images and PDFs are not.
            Wanted::Transcript => !["audio/", "video/", "image/", "font/", "application/pdf"]
                .iter()
                .any(|binary| kind.starts_with(binary)),
        }
    }
}

enum Attempt {
    Done(Page),
    Retry { status: u16, wait: Duration },
}

/// A page's HTML read, or `None` for plain text (a transcript served as
/// a .txt), which the text parser reads.
fn read_page(page: &Page) -> Result<Option<html::HtmlPage>, FetchError> {
    if page.bytes.starts_with(b"%PDF") {
        return Err(FetchError::new(
            &page.url,
            Problem::NotHtml("application/pdf".into()),
        ));
    }
    let says_html = page
        .content_type
        .as_deref()
        .is_some_and(|t| media_type(t) != "text/plain");
    if !says_html && !html::is_html(&page.bytes) {
        return Ok(None);
    }
    let charset = page
        .content_type
        .as_deref()
        .and_then(html::charset_of_content_type);
    html::read_page(&page.bytes, charset.as_deref(), Some(&page.url))
        .map(Some)
        .map_err(|e| FetchError::new(&page.url, Problem::Parse(e)))
}

fn origin(url: &url::Url) -> String {
    url.origin().ascii_serialization()
}

fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// HTML, or text that may be a transcript.
fn is_page_type(content_type: &str) -> bool {
    matches!(
        media_type(content_type).as_str(),
        "text/html" | "application/xhtml+xml" | "text/plain" | ""
    )
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(value: Option<&ureq::http::HeaderValue>) -> Option<Duration> {
    let value = value?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let wait = when.duration_since(Timestamp::now());
    Some(Duration::try_from(wait).unwrap_or_default())
}

/// Any other failure, in the client's words, which may quote what a server
/// sent: cleaned before it reaches a terminal.
fn network(message: &str) -> Problem {
    Problem::Network(crate::story::sanitize::clean_line(message).into_owned())
}

fn problem_of(err: ureq::Error) -> Problem {
    match err {
        ureq::Error::HostNotFound => Problem::Dns,
        ureq::Error::Timeout(_) => Problem::Timeout,
        ureq::Error::TooManyRedirects => Problem::RedirectLoop,
        ureq::Error::BodyExceedsLimit(_) => Problem::TooLarge(MAX_PAGE_BYTES),
        ureq::Error::ConnectionFailed => Problem::Offline,
        ureq::Error::Io(e) => match e.kind() {
            ErrorKind::TimedOut | ErrorKind::WouldBlock => Problem::Timeout,
            ErrorKind::ConnectionRefused => Problem::Refused,
            ErrorKind::NetworkUnreachable | ErrorKind::HostUnreachable | ErrorKind::NetworkDown => {
                Problem::Offline
            }
            // The standard library reports a failed getaddrinfo with no
            // kind of its own, only this message.
            _ if e.to_string().contains("failed to lookup address") => Problem::Dns,
            _ => network(&e.to_string()),
        },
        other => network(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let seconds = ureq::http::HeaderValue::from_static("7");
        assert_eq!(retry_after(Some(&seconds)), Some(Duration::from_secs(7)));
        let past = ureq::http::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(retry_after(Some(&past)), Some(Duration::ZERO));
        let junk = ureq::http::HeaderValue::from_static("soon");
        assert_eq!(retry_after(Some(&junk)), None);
    }

    #[test]
    fn pages_are_html_or_text() {
        assert!(is_page_type("text/html; charset=utf-8"));
        assert!(is_page_type("TEXT/PLAIN"));
        assert!(!is_page_type("application/pdf"));
        assert_eq!(media_type("Application/PDF; x=y"), "application/pdf");
    }

    #[test]
    fn network_failures_are_told_apart() {
        let io = |kind, message: &str| ureq::Error::Io(std::io::Error::new(kind, message));
        assert_eq!(problem_of(ureq::Error::HostNotFound), Problem::Dns);
        let lookup = "failed to lookup address information: Name or service not known";
        assert_eq!(problem_of(io(ErrorKind::Other, lookup)), Problem::Dns);
        assert_eq!(
            problem_of(io(ErrorKind::NetworkUnreachable, "down")),
            Problem::Offline
        );
        assert_eq!(
            problem_of(io(ErrorKind::TimedOut, "slow")),
            Problem::Timeout
        );
        assert_eq!(
            problem_of(io(ErrorKind::ConnectionRefused, "no")),
            Problem::Refused
        );
        assert_eq!(
            problem_of(ureq::Error::TooManyRedirects),
            Problem::RedirectLoop
        );
    }

    #[test]
    fn a_bad_url_is_named() {
        let mut fetcher = Fetcher::new(Settings::default());
        let err = fetcher.page("ftp://example.org/x").unwrap_err();
        assert_eq!(err.problem, Problem::BadUrl);
        assert!(err.to_string().starts_with("ftp://example.org/x: "));
    }
}
