//! Bytes to text. UTF-8 with or without a BOM, UTF-16 with a BOM, and
//! Windows-1252, including files that mix UTF-8 with stray cp1252 bytes.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::ParseError;

/// How much of a file may be controls before it is taken for binary.
const MAX_CONTROL_SHARE: usize = 10;

pub(crate) fn decode(bytes: &[u8]) -> Result<String, ParseError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes)
        && (encoding == UTF_16LE || encoding == UTF_16BE)
    {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return check_text(text.into_owned());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if memchr::memchr(0, bytes).is_some() {
        return Err(ParseError::Binary);
    }
    check_text(decode_utf8_or_cp1252(bytes))
}

/// Valid UTF-8 runs stay UTF-8; each byte that is not is read as cp1252,
/// so a pure cp1252 file and a mixed one both come out whole, never with
/// U+FFFD.
fn decode_utf8_or_cp1252(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(err) => {
                let (valid, rest) = bytes.split_at(err.valid_up_to());
                // `valid_up_to` promises this prefix is UTF-8: never the default.
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = err.error_len().unwrap_or(rest.len());
                let (cp1252, _) = WINDOWS_1252.decode_without_bom_handling(&rest[..bad]);
                out.push_str(&cp1252);
                bytes = &rest[bad..];
            }
        }
    }
}

/// Also brings CRLF and CR line ends to LF.
fn check_text(mut text: String) -> Result<String, ParseError> {
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    // Counted on bytes: C0 controls and DEL are single bytes, and a share of
    // bytes is as good a measure of binary data as a share of characters.
    let controls: usize = text
        .bytes()
        .map(|b| usize::from((b < 0x20 && !matches!(b, b'\n' | b'\t' | 0x1b)) || b == 0x7f))
        .sum();
    if controls * MAX_CONTROL_SHARE > text.len() {
        return Err(ParseError::Binary);
    }
    Ok(composed(text))
}

/// Text in NFC: decomposed text (as macOS can save it, `e` and a combining
/// accent) is composed, so that labels, words and ids see one form of `é`
/// whichever way the file spelled it.
fn composed(text: String) -> String {
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return text;
    }
    text.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Renée".as_bytes()).unwrap(), "Renée");
        assert_eq!(decode(b"\xEF\xBB\xBFhi").unwrap(), "hi");
    }

    #[test]
    fn windows_1252_quotes_and_accents() {
        let bytes = b"\x93Caf\xe9\x94 \x97 it\x92s";
        assert_eq!(decode(bytes).unwrap(), "“Café” — it’s");
    }

    #[test]
    fn mixed_utf8_and_cp1252() {
        let mut bytes = "Renée ".as_bytes().to_vec();
        bytes.extend_from_slice(b"caf\xe9");
        assert_eq!(decode(&bytes).unwrap(), "Renée café");
    }

    #[test]
    fn utf16_with_bom() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hé".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&bytes).unwrap(), "hé");
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert_eq!(decode(b""), Err(ParseError::Empty));
        assert_eq!(decode(b" \n\r\n "), Err(ParseError::Empty));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(ParseError::Binary)
        );
        assert_eq!(decode(b"\x01\x02\x03\x04abc"), Err(ParseError::Binary));
    }
}
