//! How long the story list's word search and a speakers page take on a
//! library: each WORD (a filter's words, as the list's filter reads them)
//! searched through the stories' headings and text, to rowids and to ids,
//! then the speakers view's first window, everyone and named.
//!
//!     target/release/examples/story_words LIBRARY WORD...

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use hark::testing::{PeopleAsk, PeopleOrder, for_each_story_with, stories_with};
use hark::{Library, Query};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, words @ ..] = args.as_slice() else {
        return Err("usage: story_words LIBRARY WORD...".into());
    };
    let library = Library::open_lazily(root)?;
    let cancel = AtomicBool::new(false);
    for word in words {
        let keywords = Query::parse(word)?.bind(|_| false).keywords;
        let start = Instant::now();
        let rowids = stories_with(&library, &keywords, &cancel)?.unwrap_or_default();
        let took = start.elapsed();
        println!(
            "words {word:?}: {} stories' rowids in {took:.2?}",
            rowids.len()
        );
        let start = Instant::now();
        let mut stories = 0usize;
        for_each_story_with(&library, &keywords, &cancel, |_| stories += 1)?;
        let took = start.elapsed();
        println!("words {word:?}: {stories} stories' ids in {took:.2?}");
    }
    for name in [None, Some("ma")] {
        let ask = PeopleAsk {
            order: PeopleOrder::Turns,
            name: name.map(|n| vec![n.to_string()]).unwrap_or_default(),
            keep: None,
            offset: 0,
            limit: 40,
        };
        let start = Instant::now();
        let (total, first) = speakers_page(&library, &ask)?;
        let took = start.elapsed();
        println!("speakers page {name:?}: {total} people, first {first:?}, in {took:.2?}");
    }
    Ok(())
}

/// The speakers view's window `ask`: how many match, and the first name.
fn speakers_page(
    library: &Library,
    ask: &PeopleAsk,
) -> Result<(usize, Option<String>), Box<dyn std::error::Error>> {
    let page = library.people_page(ask)?;
    Ok((page.total, page.people.first().map(|p| p.name.clone())))
}
