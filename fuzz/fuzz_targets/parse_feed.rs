//! Any bytes as a podcast feed: a show or an error, never a panic, and
//! the transcript picked for each episode is one the episode offers.
#![no_main]

use hark::testing::feed;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = feed::is_feed(bytes);
    let Ok(show) = feed::read(bytes) else { return };
    for episode in &show.episodes {
        if let Some(best) = episode.best_transcript() {
            assert!(episode.transcripts.contains(best));
            assert!(episode.transcripts.iter().all(|t| t.kind >= best.kind));
        }
    }
});
