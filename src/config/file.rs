//! The shape of config.toml, derived by serde, and the values it holds.
//! Each value type says in its own words what it expected (`ValueError`),
//! and toml puts the error at the value's place in the file; `shape` has
//! the generic visitors.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use ratatui::style::Color;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use super::error::ValueError;
use super::shape::{List, Only, entries, refuse_scalars, table};
use super::{FetchConfig, KeyBinding, Preset, ThemeConfig};

/// The whole file; `keys` and `list_width` are checked once it is read,
/// against the keymap's names and the file's text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct File {
    #[serde(default, deserialize_with = "some")]
    pub library: Option<Text>,
    #[serde(default, deserialize_with = "table")]
    pub theme: ThemeConfig,
    #[serde(default)]
    pub keys: Option<KeysSection>,
    #[serde(default)]
    pub list_width: Option<Spanned<Whole>>,
    #[serde(default, deserialize_with = "table")]
    pub fetch: FetchConfig,
}

/// `[theme]`. The fields are `ThemeConfig`'s own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, remote = "ThemeConfig")]
struct ThemeFile {
    #[serde(default, deserialize_with = "some")]
    preset: Option<Preset>,
    #[serde(default, deserialize_with = "palette")]
    speakers: Option<Vec<Color>>,
    #[serde(default, deserialize_with = "palette")]
    speakers_16: Option<Vec<Color>>,
    #[serde(default, deserialize_with = "colour")]
    heading: Option<Color>,
    #[serde(default, deserialize_with = "colour")]
    cue: Option<Color>,
    #[serde(default, deserialize_with = "colour")]
    note: Option<Color>,
    #[serde(default, deserialize_with = "colour")]
    highlight: Option<Color>,
    #[serde(default, deserialize_with = "colour")]
    focus: Option<Color>,
}

impl<'de> Deserialize<'de> for ThemeConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ThemeConfig, D::Error> {
        ThemeFile::deserialize(d)
    }
}

/// `[fetch]`. The fields are `FetchConfig`'s own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, remote = "FetchConfig")]
struct FetchFile {
    #[serde(default, deserialize_with = "seconds")]
    delay: Option<f64>,
    #[serde(default, deserialize_with = "timeout")]
    timeout: Option<f64>,
    #[serde(default, deserialize_with = "retries")]
    retries: Option<u32>,
}

impl<'de> Deserialize<'de> for FetchConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FetchConfig, D::Error> {
        FetchFile::deserialize(d)
    }
}

/// A single value as the settings read it. Converting it inside the
/// visitor, while toml reads the value, puts any error at the value's own
/// place in the file, even as one item of a list.
pub(super) enum Scalar {
    Text(String),
    Integer(i64),
    Float(f64),
    /// A boolean, a date, a list or a table: never what a setting wants
    /// where a single value is read.
    Other,
}

/// Deserializes a value through `TryFrom<Scalar>`, whose error says what
/// was expected.
fn value_as<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<Scalar, Error = ValueError>,
{
    d.deserialize_any(ScalarVisitor(PhantomData))
}

struct ScalarVisitor<T>(PhantomData<T>);

impl<T: TryFrom<Scalar, Error = ValueError>> ScalarVisitor<T> {
    fn convert<E: de::Error>(scalar: Scalar) -> Result<T, E> {
        T::try_from(scalar).map_err(E::custom)
    }
}

impl<'de, T: TryFrom<Scalar, Error = ValueError>> Visitor<'de> for ScalarVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a single value")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
        Self::convert(Scalar::Text(s.to_string()))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<T, E> {
        Self::convert(Scalar::Integer(n))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<T, E> {
        Self::convert(i64::try_from(n).map_or(Scalar::Other, Scalar::Integer))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<T, E> {
        Self::convert(Scalar::Float(n))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<T, E> {
        Self::convert(Scalar::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Self::convert(Scalar::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Self::convert(Scalar::Other)
    }
}

fn some<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<Scalar, Error = ValueError>,
{
    value_as(d).map(Some)
}

/// A string, and nothing else.
pub(super) struct Text(pub String);

impl TryFrom<Scalar> for Text {
    type Error = ValueError;
    fn try_from(value: Scalar) -> Result<Text, ValueError> {
        match value {
            Scalar::Text(s) => Ok(Text(s)),
            _ => Err(ValueError::NotAString),
        }
    }
}

/// An integer, whatever its range: the range is the setting's to check.
pub(super) struct Whole(pub Option<i64>);

impl TryFrom<Scalar> for Whole {
    type Error = ValueError;
    fn try_from(value: Scalar) -> Result<Whole, ValueError> {
        match value {
            Scalar::Integer(n) => Ok(Whole(Some(n))),
            _ => Ok(Whole(None)),
        }
    }
}

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Whole, D::Error> {
        value_as(d)
    }
}

impl TryFrom<Scalar> for Preset {
    type Error = ValueError;
    fn try_from(value: Scalar) -> Result<Preset, ValueError> {
        let Text(name) = Text::try_from(value)?;
        Preset::from_str(&name).map_err(|_| ValueError::UnknownPreset { name })
    }
}

/// A colour as a name (`light-blue`), `#rrggbb`, or an index from 0 to 255.
struct Colour(Color);

impl TryFrom<Scalar> for Colour {
    type Error = ValueError;
    fn try_from(value: Scalar) -> Result<Colour, ValueError> {
        let text = match value {
            Scalar::Integer(i) => i.to_string(),
            Scalar::Text(s) => s,
            _ => return Err(ValueError::NotAColour),
        };
        let valid_index = text.parse::<u16>().map_or(true, |n| n <= 255);
        match Color::from_str(&text) {
            Ok(color) if valid_index && !text.is_empty() => Ok(Colour(color)),
            _ => Err(ValueError::BadColour(text)),
        }
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Colour, D::Error> {
        value_as(d)
    }
}

fn colour<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Color>, D::Error> {
    value_as(d).map(|Colour(c)| Some(c))
}

fn palette<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Color>>, D::Error> {
    let List(colours) = List::<Colour>::deserialize(d)?;
    Ok(Some(colours.into_iter().map(|c| c.0).collect()))
}

/// A number of seconds, whole or not, never negative.
struct Seconds(f64);

impl TryFrom<Scalar> for Seconds {
    type Error = ValueError;
    fn try_from(value: Scalar) -> Result<Seconds, ValueError> {
        let n = match value {
            Scalar::Integer(i) => Some(i as f64),
            Scalar::Float(f) => Some(f),
            _ => None,
        };
        n.filter(|n| n.is_finite() && (0.0..=3600.0).contains(n))
            .map(Seconds)
            .ok_or(ValueError::NotSeconds)
    }
}

fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    value_as(d).map(|Seconds(s)| Some(s))
}

/// Seconds to wait, above none.
struct Timeout(f64);

impl TryFrom<Scalar> for Timeout {
    type Error = ValueError;
    fn try_from(value: Scalar) -> Result<Timeout, ValueError> {
        let Seconds(t) = Seconds::try_from(value)?;
        (t > 0.0).then_some(Timeout(t)).ok_or(ValueError::NoTimeout)
    }
}

fn timeout<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    value_as(d).map(|Timeout(t)| Some(t))
}

/// How often to try again: a whole number from 0 to 20.
struct Retries(u32);

impl TryFrom<Scalar> for Retries {
    type Error = ValueError;
    fn try_from(value: Scalar) -> Result<Retries, ValueError> {
        match value {
            Scalar::Integer(n) => u32::try_from(n).ok().filter(|n| *n <= 20).map(Retries),
            Scalar::Float(n) if n.fract() == 0.0 && (0.0..=20.0).contains(&n) => {
                Some(Retries(n as u32))
            }
            _ => None,
        }
        .ok_or(ValueError::NotRetries)
    }
}

fn retries<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    value_as(d).map(|Retries(n)| Some(n))
}

/// `[keys]`: action names to keys, in any order the parser keeps them.
/// A sub-table such as `[keys.transcript]` binds within one context.
pub(super) struct KeysSection(pub Vec<(Spanned<String>, KeyEntry)>);

pub(super) enum KeyEntry {
    Keys(KeyList),
    Section(Vec<(Spanned<String>, KeyList)>),
}

/// One key, or a list of them.
pub(super) struct KeyList(pub Vec<KeyBinding>);

impl<'de> Deserialize<'de> for KeysSection {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeysSection, D::Error> {
        d.deserialize_any(Only::<KeysSection>(PhantomData))
    }
}

impl<'de> Deserialize<'de> for KeyEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyEntry, D::Error> {
        d.deserialize_any(Only::<KeyEntry>(PhantomData))
    }
}

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyList, D::Error> {
        d.deserialize_any(Only::<KeyList>(PhantomData))
    }
}

/// A key name; its own place in the file when it is one of a list.
struct Key(KeyBinding);

impl TryFrom<Scalar> for Key {
    type Error = ValueError;
    fn try_from(value: Scalar) -> Result<Key, ValueError> {
        let Text(spec) = Text::try_from(value)?;
        Ok(Key(KeyBinding::from_str(&spec)?))
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        value_as(d)
    }
}

fn keys<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<KeyList, A::Error> {
    let mut keys = Vec::new();
    while let Some(Key(key)) = seq.next_element()? {
        keys.push(key);
    }
    Ok(KeyList(keys))
}

fn key<E: de::Error>(spec: &str) -> Result<KeyList, E> {
    let key = KeyBinding::from_str(spec).map_err(|e| E::custom(ValueError::from(e)))?;
    Ok(KeyList(vec![key]))
}

impl<'de> Visitor<'de> for Only<KeysSection> {
    type Value = KeysSection;
    refuse_scalars!(ValueError::NotATable);

    fn visit_str<E: de::Error>(self, _: &str) -> Result<KeysSection, E> {
        Err(E::custom(ValueError::NotATable))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<KeysSection, A::Error> {
        Err(de::Error::custom(ValueError::NotATable))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<KeysSection, A::Error> {
        entries(map).map(KeysSection)
    }
}

impl<'de> Visitor<'de> for Only<KeyEntry> {
    type Value = KeyEntry;
    refuse_scalars!(ValueError::NotAString);

    fn visit_str<E: de::Error>(self, spec: &str) -> Result<KeyEntry, E> {
        key(spec).map(KeyEntry::Keys)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<KeyEntry, A::Error> {
        keys(seq).map(KeyEntry::Keys)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<KeyEntry, A::Error> {
        entries(map).map(KeyEntry::Section)
    }
}

impl<'de> Visitor<'de> for Only<KeyList> {
    type Value = KeyList;
    refuse_scalars!(ValueError::NotAString);

    fn visit_str<E: de::Error>(self, spec: &str) -> Result<KeyList, E> {
        key(spec)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<KeyList, A::Error> {
        keys(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<KeyList, A::Error> {
        Err(de::Error::custom(ValueError::NotAString))
    }
}
