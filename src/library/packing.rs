//! How the database keeps its two large blobs small: each story's
//! original bytes, and each story's JSON. Both are zstd frames; the JSON is
//! packed against the story's original as a dictionary where the original
//! is kept, since the JSON repeats the original's words, and so shrinks to
//! a sixth of what it packs to alone. Rows written before this (schema 2)
//! keep their gzip and zlib, and still read.

use std::cell::RefCell;
use std::io::Read;

use flate2::read::{GzDecoder, ZlibDecoder};

/// zstd's fastest level. It packs transcripts as small as gzip's default
/// does (and as zstd's default, within a percent) at several times the
/// speed: packing was two thirds of an import's parsing side.
const LEVEL: i32 = 1;

thread_local! {
    /// Each thread's zstd context, kept: making one for each blob cost as
    /// much as a small blob's packing.
    static PACKER: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
}

/// How a blob was packed, as the `codec` and `packing` columns name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// Rows of schema 2: originals.
    Gzip,
    /// Rows of schema 2: story JSON (or plain JSON, which it reads too).
    Zlib,
    Zstd,
    /// zstd with the story's original as its dictionary.
    ZstdAgainstOriginal,
}

impl Codec {
    pub fn name(self) -> &'static str {
        match self {
            Codec::Gzip => "gzip",
            Codec::Zlib => "zlib",
            Codec::Zstd => "zstd",
            Codec::ZstdAgainstOriginal => "zstd+original",
        }
    }

    /// The codec a column names; an error for a name this hark never
    /// wrote (a newer hark's, say).
    pub fn named(name: &str) -> std::io::Result<Codec> {
        [
            Codec::Gzip,
            Codec::Zlib,
            Codec::Zstd,
            Codec::ZstdAgainstOriginal,
        ]
        .into_iter()
        .find(|codec| codec.name() == name)
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("packed as {name:?}, which this hark does not read"),
            )
        })
    }
}

/// `bytes` as one zstd frame.
pub fn pack(bytes: &[u8]) -> Vec<u8> {
    with_packer(&[], bytes)
        .or_else(|| zstd::bulk::compress(bytes, LEVEL).ok())
        .expect("zstd packs any bytes in memory")
}

/// `bytes` packed against `dictionary` (any bytes: zstd takes what is not
/// a trained dictionary as raw content to refer back to); None if zstd
/// refuses the dictionary, for the caller to pack alone.
pub fn pack_against(bytes: &[u8], dictionary: &[u8]) -> Option<Vec<u8>> {
    with_packer(dictionary, bytes)
}

/// Packs on this thread's context, which is let go of its dictionary
/// after (zstd keeps a copy: a large original would stay in memory for
/// the thread's life), and dropped whole if zstd fails at any step.
fn with_packer(dictionary: &[u8], bytes: &[u8]) -> Option<Vec<u8>> {
    PACKER.with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        let packer = match &mut *slot {
            Some(packer) => packer,
            empty => empty.insert(zstd::bulk::Compressor::new(LEVEL).ok()?),
        };
        let packed = packer
            .set_dictionary(LEVEL, dictionary)
            .and_then(|()| packer.compress(bytes));
        let reset = dictionary.is_empty() || packer.set_dictionary(LEVEL, &[]).is_ok();
        if packed.is_err() || !reset {
            *slot = None;
        }
        packed.ok()
    })
}

/// An original's bytes from its row's `packed` and `codec` (by name).
pub fn unpack_original(packed: &[u8], codec: &str) -> std::io::Result<Vec<u8>> {
    unpack(
        packed,
        Codec::named(codec)?,
        None,
        super::reading::MAX_FILE_BYTES + 1,
    )
}

/// What `packed` unpacks to under `codec`, no more than `limit` bytes: a
/// blob that would unpack larger is refused as damaged, never read whole.
/// `dictionary` is the original, for `ZstdAgainstOriginal`.
pub fn unpack(
    packed: &[u8],
    codec: Codec,
    dictionary: Option<&[u8]>,
    limit: u64,
) -> std::io::Result<Vec<u8>> {
    let guess = packed.len().saturating_mul(3);
    let mut out = Vec::with_capacity(guess.min(usize::try_from(limit).unwrap_or(usize::MAX)));
    let read = match (codec, dictionary) {
        (Codec::Zlib, _) if packed.first() == Some(&b'{') => {
            out.extend_from_slice(packed);
            return Ok(out);
        }
        (Codec::Gzip, _) => GzDecoder::new(packed).take(limit).read_to_end(&mut out),
        (Codec::Zlib, _) => ZlibDecoder::new(packed).take(limit).read_to_end(&mut out),
        (Codec::Zstd, _) => zstd::stream::read::Decoder::new(packed)?
            .take(limit)
            .read_to_end(&mut out),
        (Codec::ZstdAgainstOriginal, Some(dictionary)) => {
            zstd::stream::read::Decoder::with_dictionary(packed, dictionary)?
                .take(limit)
                .read_to_end(&mut out)
        }
        (Codec::ZstdAgainstOriginal, None) => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "it was packed against its original, which is missing",
            ));
        }
    };
    read?;
    if out.len() as u64 >= limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("it unpacks to more than {limit} bytes"),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_codec_gives_back_what_went_in() {
        // Words in no order a compressor could find alone: the JSON is
        // small beside its original only for the words it shares.
        let words: Vec<String> = (0..3000u64)
            .map(|n| format!("w{:x}", n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40))
            .collect();
        let original = format!("HOST: {}\r\n", words.join(" "));
        let json = format!("{{\"text\": \"{}\"}}", words.join(" "));
        let alone = pack(json.as_bytes());
        let against = pack_against(json.as_bytes(), original.as_bytes()).unwrap();
        assert!(
            against.len() * 2 < alone.len(),
            "{} against {}",
            against.len(),
            alone.len()
        );
        for (packed, codec) in [
            (&alone, Codec::Zstd),
            (&against, Codec::ZstdAgainstOriginal),
        ] {
            let back = unpack(packed, codec, Some(original.as_bytes()), 1 << 20).unwrap();
            assert_eq!(back, json.as_bytes());
        }
        let plain = unpack(json.as_bytes(), Codec::Zlib, None, 1 << 20).unwrap();
        assert_eq!(plain, json.as_bytes());
    }

    #[test]
    fn a_blob_past_the_limit_or_without_its_original_is_refused() {
        let big = pack(&vec![b'a'; 100_000]);
        let err = unpack(&big, Codec::Zstd, None, 1000).unwrap_err();
        assert!(err.to_string().contains("more than 1000"), "{err}");
        let against = pack_against(b"some words", b"some words and more").unwrap();
        let err = unpack(&against, Codec::ZstdAgainstOriginal, None, 1000).unwrap_err();
        assert!(err.to_string().contains("original"), "{err}");
        assert!(unpack(b"not zstd", Codec::Zstd, None, 1000).is_err());
    }

    #[test]
    fn codecs_read_back_by_name() {
        for codec in [
            Codec::Gzip,
            Codec::Zlib,
            Codec::Zstd,
            Codec::ZstdAgainstOriginal,
        ] {
            assert_eq!(Codec::named(codec.name()).ok(), Some(codec));
        }
        assert_eq!(Codec::named("lz4").ok(), None);
    }
}
