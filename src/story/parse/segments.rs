//! The podcast namespace's JSON transcripts:
//! `{"version": "1.0.0", "segments": [{"speaker", "startTime", "endTime",
//! "body"}]}`. Word-level files, one word a segment, read as well as
//! sentence-level ones, since consecutive segments of one speaker are
//! joined. Times may be numbers of seconds or strings of them (or clocks).

use serde_json::{Map, Value};

use super::timed::{Cue, Timed};
use crate::story::clock;

/// Why a JSON file is not a transcript.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SegmentsError {
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error("no \"segments\" list")]
    NoSegments,
    #[error("not an object with a \"segments\" list")]
    NotAnObject,
}

pub(crate) fn read(text: &str) -> Result<Timed, SegmentsError> {
    let value: Value = serde_json::from_str(text)?;
    let segments = match &value {
        Value::Object(file) => file
            .get("segments")
            .and_then(Value::as_array)
            .ok_or(SegmentsError::NoSegments)?,
        Value::Array(segments) => segments,
        _ => return Err(SegmentsError::NotAnObject),
    };
    let cues = segments
        .iter()
        .filter_map(Value::as_object)
        .map(segment)
        .collect();
    Ok(Timed {
        title: None,
        cues,
        prefixes: false,
    })
}

/// Whether `text` holds a JSON transcript, as far as its start tells.
pub(crate) fn looks_like(text: &str) -> bool {
    let start = text.trim_start();
    (start.starts_with('{') && start.contains("\"segments\""))
        || (start.starts_with('[') && start[1..].trim_start().starts_with('{'))
}

fn segment(fields: &Map<String, Value>) -> Cue {
    let text = |key: &str| match fields.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    Cue {
        start_ms: fields.get("startTime").and_then(time),
        end_ms: fields.get("endTime").and_then(time),
        speaker: text("speaker"),
        text: text("body").unwrap_or_default(),
    }
}

fn time(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => clock::from_seconds(n.as_f64()?),
        Value::String(s) => match s.trim().parse::<f64>() {
            Ok(seconds) => clock::from_seconds(seconds),
            Err(_) => clock::parse(s),
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_with_numbers_or_strings_for_times() {
        let timed = read(
            r#"{"version":"1.0.0","segments":[
                {"speaker":"Ana","startTime":0.5,"endTime":"1.25","body":"Hi."},
                {"startTime":"00:00:02.000","body":"Yes."},
                "junk"]}"#,
        )
        .unwrap();
        assert_eq!(timed.cues.len(), 2);
        assert_eq!(timed.cues[0].start_ms, Some(500));
        assert_eq!(timed.cues[0].end_ms, Some(1_250));
        assert_eq!(timed.cues[1].start_ms, Some(2_000));
        assert_eq!(timed.cues[1].speaker, None);
    }

    #[test]
    fn other_json_is_a_clear_error() {
        assert!(matches!(
            read("{\"a\": 1}").unwrap_err(),
            SegmentsError::NoSegments
        ));
        assert!(
            read("{\"segments\": [")
                .unwrap_err()
                .to_string()
                .contains("EOF")
        );
    }
}
