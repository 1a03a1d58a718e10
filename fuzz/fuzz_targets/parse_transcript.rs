//! Any bytes: the parser gives a story or an error, never a panic, and the
//! story it gives is clean and consistent.
#![no_main]

use hark::Story;
use hark::testing::sanitize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(story) = hark::parse(bytes, Some("fuzz.txt"), jiff::Timestamp::UNIX_EPOCH)
    else {
        return;
    };
    let json = serde_json::to_string(&story).expect("a story serializes");
    let back: Story = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back, story);
    for turn in &story.turns {
        if let Some(name) = &turn.speaker {
            assert!(
                story.speaker(name).is_some(),
                "turn speaker {name} is not a speaker"
            );
        }
        for p in &turn.paragraphs {
            assert!(!p.chars().any(sanitize::is_unsafe), "unsafe text: {p:?}");
        }
    }
});
