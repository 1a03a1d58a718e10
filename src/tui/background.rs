//! Searches on threads of their own, for the event loop: typing never
//! waits for a search. A newer search of the same kind cancels the older
//! one, and matches come back in batches of about a frame, so the screen
//! fills in as they arrive without a redraw for every match.

use std::mem::{Discriminant, discriminant};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;
use std::time::{Duration, Instant};

use super::App;
use super::source::{Found, ImportJob, Say, Search, SearchJob, SearchOutcome, SourceError};

/// How long matches gather before they are sent on: about two frames.
const BATCH_TIME: Duration = Duration::from_millis(30);

enum Report {
    Found(u64, Found),
    Done(u64, Result<SearchOutcome, SourceError>),
    /// A word from an import for the status line: that it waits, say.
    Said(String),
    Imported(Vec<Result<String, SourceError>>),
}

pub(crate) struct Background {
    sender: Sender<Report>,
    reports: Receiver<Report>,
    /// The cancel flag of the latest search of each kind.
    latest: Vec<(Discriminant<SearchJob>, Arc<AtomicBool>)>,
    /// Searches started and not yet reported done.
    in_flight: usize,
}

impl Default for Background {
    fn default() -> Background {
        let (sender, reports) = channel();
        Background {
            sender,
            reports,
            latest: Vec::new(),
            in_flight: 0,
        }
    }
}

impl Background {
    pub(crate) fn submit(&mut self, search: Arc<dyn Search>, generation: u64, job: SearchJob) {
        let kind = kind_of(&job);
        let cancel = Arc::new(AtomicBool::new(false));
        match self.latest.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, older)) => {
                older.store(true, Ordering::Relaxed);
                *older = Arc::clone(&cancel);
            }
            None => self.latest.push((kind, Arc::clone(&cancel))),
        }
        let sender = self.sender.clone();
        self.in_flight += 1;
        thread::spawn(move || {
            let mut batch = Batch::new(&sender, generation);
            let result = search.run(&job, &cancel, &mut |found| batch.add(found));
            batch.send();
            // The loop may have ended; nobody is left to tell.
            let _ = sender.send(Report::Done(generation, result));
        });
    }

    /// Runs an import on a thread of its own; what it says and what it
    /// did come back through `deliver`.
    pub(crate) fn submit_import(&mut self, job: ImportJob) {
        let sender = self.sender.clone();
        self.in_flight += 1;
        thread::spawn(move || {
            let said = sender.clone();
            let say: Say = Arc::new(move |words| {
                let _ = said.send(Report::Said(words));
            });
            let results = job(say);
            let _ = sender.send(Report::Imported(results));
        });
    }

    /// Whether a search or import is still running, so the loop should
    /// look for what it sends often.
    pub(crate) fn busy(&self) -> bool {
        self.in_flight > 0
    }

    /// Hands the App whatever has arrived; true if anything did.
    pub(crate) fn deliver(&mut self, app: &mut App) -> bool {
        let mut any = false;
        while let Ok(report) = self.reports.try_recv() {
            any = true;
            match report {
                Report::Found(generation, found) => app.found(generation, found),
                Report::Done(generation, result) => {
                    self.in_flight -= 1;
                    app.search_done(generation, result);
                }
                Report::Said(words) => app.say(words),
                Report::Imported(results) => {
                    self.in_flight -= 1;
                    app.imported(results);
                }
            }
        }
        any
    }
}

/// Which searches a newer one makes moot: those of its kind, and the
/// quotes view's count of the search before (a count of every turn in a
/// large library is a long one, and the next quotes are wanted first).
fn kind_of(job: &SearchJob) -> Discriminant<SearchJob> {
    match job {
        SearchJob::QuoteCount(query) => discriminant(&SearchJob::Quotes {
            query: query.clone(),
            limit: 0,
        }),
        job => discriminant(job),
    }
}

/// Matches gathered on the search thread until it is time to send them.
struct Batch<'a> {
    sender: &'a Sender<Report>,
    generation: u64,
    pending: Option<Found>,
    since: Instant,
}

impl<'a> Batch<'a> {
    fn new(sender: &'a Sender<Report>, generation: u64) -> Batch<'a> {
        Batch {
            sender,
            generation,
            pending: None,
            since: Instant::now(),
        }
    }

    fn add(&mut self, found: Found) {
        let other = match &mut self.pending {
            Some(pending) => pending.absorb(found),
            None => Some(found),
        };
        if let Some(other) = other
            && let Some(earlier) = self.pending.replace(other)
        {
            let _ = self.sender.send(Report::Found(self.generation, earlier));
        }
        if self.since.elapsed() >= BATCH_TIME {
            self.send();
        }
    }

    fn send(&mut self) {
        if let Some(found) = self.pending.take() {
            let _ = self.sender.send(Report::Found(self.generation, found));
        }
        self.since = Instant::now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finds one story, then takes `pause` before saying whether it was
    /// cancelled meanwhile.
    struct Fake {
        pause: Duration,
    }

    impl Search for Fake {
        fn run(
            &self,
            _: &SearchJob,
            cancel: &AtomicBool,
            found: &mut dyn FnMut(Found),
        ) -> Result<SearchOutcome, SourceError> {
            found(Found::ListKeys(vec![1]));
            thread::sleep(self.pause);
            Ok(SearchOutcome::of(!cancel.load(Ordering::Relaxed)))
        }
    }

    /// The story list's job, every story in the first order.
    fn list_job() -> SearchJob {
        SearchJob::List(crate::tui::source::ListAsk {
            query: crate::query::Query::default(),
            order: crate::library::StoryOrder::AirDate,
            show: crate::tui::source::ListShow::All,
            marks: crate::tui::source::MarkSet::default(),
        })
    }

    fn fake(millis: u64) -> Arc<Fake> {
        Arc::new(Fake {
            pause: Duration::from_millis(millis),
        })
    }

    /// Every report until each search started is done.
    fn reports(background: &mut Background) -> Vec<(u64, Option<SearchOutcome>)> {
        let mut seen = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        while background.in_flight > 0 {
            let report = background
                .reports
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("every search ends");
            seen.push(match report {
                Report::Found(generation, _) => (generation, None),
                Report::Done(generation, result) => {
                    background.in_flight -= 1;
                    (generation, Some(result.expect("the fake never fails")))
                }
                Report::Said(_) | Report::Imported(_) => unreachable!("no import here"),
            });
        }
        seen
    }

    #[test]
    fn a_newer_search_of_a_kind_cancels_the_older() {
        let mut background = Background::default();
        let job = list_job();
        background.submit(fake(200), 1, job.clone());
        background.submit(fake(0), 2, job);
        let reports = reports(&mut background);
        assert!(
            reports.contains(&(1, Some(SearchOutcome::Cancelled))),
            "{reports:?}"
        );
        assert!(
            reports.contains(&(2, Some(SearchOutcome::Finished))),
            "{reports:?}"
        );
        assert!(reports.contains(&(2, None)), "its match arrived");
    }

    #[test]
    fn new_quotes_make_the_count_of_the_old_moot() {
        let mut background = Background::default();
        let query = crate::query::Query::default();
        background.submit(fake(200), 1, SearchJob::QuoteCount(query.clone()));
        let quotes = SearchJob::Quotes { query, limit: 1 };
        background.submit(fake(0), 2, quotes);
        let reports = reports(&mut background);
        assert!(
            reports.contains(&(1, Some(SearchOutcome::Cancelled))),
            "{reports:?}"
        );
        assert!(reports.contains(&(2, Some(SearchOutcome::Finished))));
    }

    #[test]
    fn searches_of_other_kinds_run_side_by_side() {
        let mut background = Background::default();
        let stories = list_job();
        let quotes = SearchJob::Quotes {
            query: crate::query::Query::default(),
            limit: 1,
        };
        background.submit(fake(200), 1, stories);
        background.submit(fake(0), 2, quotes);
        let reports = reports(&mut background);
        assert!(
            reports.contains(&(1, Some(SearchOutcome::Finished))),
            "{reports:?}"
        );
        assert!(
            reports.contains(&(2, Some(SearchOutcome::Finished))),
            "{reports:?}"
        );
    }
}
