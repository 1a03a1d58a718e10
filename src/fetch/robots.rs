//! A host's robots.txt, as texting_robots reads it.

use std::time::Duration;

use texting_robots::Robot;

use super::ROBOTS_AGENT;

/// Past this a robots.txt is not read (Google reads 500 KiB).
pub(crate) const MAX_ROBOTS_BYTES: u64 = 512 * 1024;

pub(crate) struct Robots(Option<Robot>);

impl Robots {
    pub(crate) fn allow_all() -> Robots {
        Robots(None)
    }

    /// A robots.txt that cannot be parsed allows everything, as an empty
    /// one would.
    pub(crate) fn parse(body: &[u8]) -> Robots {
        Robots(Robot::new(ROBOTS_AGENT, body).ok())
    }

    pub(crate) fn allows(&self, url: &str) -> bool {
        self.0.as_ref().is_none_or(|robot| robot.allowed(url))
    }

    /// The host's `Crawl-delay`, if it sets one.
    pub(crate) fn crawl_delay(&self) -> Option<Duration> {
        let seconds = self.0.as_ref()?.delay?;
        Duration::try_from_secs_f32(seconds).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disallow_and_crawl_delay_for_hark_or_everyone() {
        let robots = Robots::parse(b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n");
        assert!(!robots.allows("https://a.example/private/page"));
        assert!(robots.allows("https://a.example/transcripts/1"));
        assert_eq!(robots.crawl_delay(), Some(Duration::from_secs(2)));
        let only_hark =
            Robots::parse(b"User-agent: hark\nDisallow: /\n\nUser-agent: *\nAllow: /\n");
        assert!(!only_hark.allows("https://a.example/x"));
        assert!(Robots::allow_all().allows("https://a.example/x"));
    }
}
