//! Any filter-bar text: a query or an error, never a panic, and highlights
//! that always fall on character boundaries.
#![no_main]

use hark::Query;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(query) = Query::parse(text) else {
        return;
    };
    let filter = query.bind(|words| words.len() <= 2);
    for range in filter.highlights(text) {
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert!(range.start < range.end);
    }
});
