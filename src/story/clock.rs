//! Times in a recording, as transcripts write them (`00:01:02.500`,
//! `01:02,345`, `1:02`) and as hark shows them (`1:02`, `1:02:03`).

/// Milliseconds from a clock: `h:mm:ss`, `mm:ss` or `ss`, each with an
/// optional fraction after `.` or `,`. None for anything else, and for
/// times too large to be a recording's.
pub fn parse(text: &str) -> Option<u64> {
    let text = text.trim();
    let (whole, fraction) = match text.rfind(['.', ',']) {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    };
    let parts: Vec<&str> = whole.split(':').collect();
    if parts.len() > 3 || parts.iter().any(|p| !is_digits(p, 1..=6)) {
        return None;
    }
    let mut seconds: u64 = 0;
    for (i, part) in parts.iter().enumerate() {
        let n: u64 = part.parse().ok()?;
        // Minutes and seconds after the first field stay under 60.
        if i > 0 && n >= 60 {
            return None;
        }
        seconds = seconds.checked_mul(60)?.checked_add(n)?;
    }
    let millis = match fraction {
        "" => 0,
        f if is_digits(f, 1..=9) => {
            let padded = format!("{f:0<3}");
            padded[..3].parse::<u64>().ok()?
        }
        _ => return None,
    };
    seconds.checked_mul(1000)?.checked_add(millis)
}

/// Milliseconds from a number of seconds, as JSON transcripts give them.
pub(crate) fn from_seconds(seconds: f64) -> Option<u64> {
    // A week is longer than any recording; past it the number is nonsense.
    const MAX_SECONDS: f64 = 7.0 * 24.0 * 3600.0;
    (seconds.is_finite() && (0.0..MAX_SECONDS).contains(&seconds))
        .then(|| (seconds * 1000.0).round() as u64)
}

/// `0:03`, `12:34`, and `1:02:03` past an hour.
pub fn format(ms: u64) -> String {
    let total = ms / 1000;
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    match hours {
        0 => format!("{minutes}:{seconds:02}"),
        _ => format!("{hours}:{minutes:02}:{seconds:02}"),
    }
}

fn is_digits(text: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_of_every_transcript_format() {
        assert_eq!(parse("00:01:02.500"), Some(62_500));
        assert_eq!(parse("00:01:02,345"), Some(62_345));
        assert_eq!(parse("01:02.5"), Some(62_500));
        assert_eq!(parse("1:02:03"), Some(3_723_000));
        assert_eq!(parse("0:03"), Some(3_000));
        assert_eq!(parse(" 75 "), Some(75_000));
    }

    #[test]
    fn nonsense_is_not_a_time() {
        for text in [
            "",
            ":",
            "1:",
            "a:bc",
            "1:75",
            "1:2:3:4",
            "12:34.x",
            "9999999:00",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
        assert_eq!(parse("99999999999999999999"), None);
    }

    #[test]
    fn seconds_as_numbers() {
        assert_eq!(from_seconds(1.2345), Some(1_235));
        assert_eq!(from_seconds(-1.0), None);
        assert_eq!(from_seconds(f64::NAN), None);
        assert_eq!(from_seconds(1e300), None);
    }

    #[test]
    fn shown_as_minutes_and_hours() {
        assert_eq!(format(3_000), "0:03");
        assert_eq!(format(754_999), "12:34");
        assert_eq!(format(3_723_000), "1:02:03");
    }
}
