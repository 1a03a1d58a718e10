//! Any bytes as a story file in the library (hand-edited, damaged, hostile):
//! a story or an error, never a panic. The story is clean wherever its text
//! may go, its id is one hark could have given it, and the error can be
//! printed to a terminal as it is.
#![no_main]

use std::path::Path;

use hark::Story;
use hark::testing::{sanitize, story_from_json};
use libfuzzer_sys::fuzz_target;

const ID: &str = "0123456789ab";

fn assert_clean(text: &str) {
    assert!(
        !text.chars().any(|c| sanitize::is_unsafe(c) && c != '\n'),
        "unsafe text: {text:?}"
    );
}

fn assert_clean_story(story: &Story) {
    assert_eq!(story.id, ID);
    let json = serde_json::to_value(story).expect("a story serializes");
    let mut strings = vec![&json];
    while let Some(value) = strings.pop() {
        match value {
            serde_json::Value::String(text) => assert_clean(text),
            serde_json::Value::Array(items) => strings.extend(items),
            serde_json::Value::Object(fields) => strings.extend(fields.values()),
            _ => {}
        }
    }
}

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("stories").join(format!("{ID}.json"));
    match story_from_json(&path, bytes) {
        Ok(story) => {
            assert_clean_story(&story);
            // What hark would write back reads as the same story.
            let json = serde_json::to_vec(&story).expect("a story serializes");
            let again = story_from_json(&path, &json).expect("and reads back");
            assert_eq!(again, story);
            // Under another story's name, the same file is refused.
            let elsewhere = Path::new("stories").join("ba9876543210.json");
            assert!(story_from_json(&elsewhere, bytes).is_err());
        }
        Err(err) => assert_clean(&err.to_string()),
    }
});
