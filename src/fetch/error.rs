use thiserror::Error;

use crate::story::parse::ParseError;
use crate::story::sanitize;

/// Why one URL could not be imported, with the URL.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{url}: {problem}")]
pub(crate) struct FetchError {
    /// Cleaned of controls: it came from the user or from a server.
    pub url: String,
    pub problem: Problem,
}

impl FetchError {
    pub(crate) fn new(url: &str, problem: Problem) -> FetchError {
        FetchError {
            url: sanitize::clean_line(url).into_owned(),
            problem,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum Problem {
    #[error("not a web address (http or https)")]
    BadUrl,
    #[error("offline: the network cannot reach the host")]
    Offline,
    #[error("the host was not found (DNS)")]
    Dns,
    #[error("the host refused the connection")]
    Refused,
    #[error("timed out waiting for the server")]
    Timeout,
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("redirected too many times (a redirect loop)")]
    RedirectLoop,
    #[error("not an HTML page ({0})")]
    NotHtml(String),
    #[error("larger than {} MB: not a transcript page", .0 / (1024 * 1024))]
    TooLarge(u64),
    #[error("robots.txt asks robots not to fetch it")]
    RobotsDisallow,
    #[error("{0}")]
    Network(String),
    #[error("{0}")]
    Parse(ParseError),
    #[error("{0}")]
    Feed(String),
    #[error("the episode offers no transcript")]
    NoTranscript,
}
