//! serde plumbing for config.toml's shapes: a visitor that says what it
//! expected in `ValueError`'s words, lists whose items keep their place in
//! the file, and tables that name an unknown key with the nearest known
//! one at the key's own line.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::StrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use toml::Spanned;

use super::error::ValueError;

/// A visitor for one shape of value, `T`, which says what it expected of
/// any other shape in `ValueError`'s words rather than serde's.
pub(super) struct Only<T>(pub PhantomData<T>);

/// The visits a visitor of tables or keys refuses, each with `$expected`.
macro_rules! refuse_scalars {
    ($expected:expr) => {
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "{}", $expected)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Err(E::custom($expected))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(E::custom($expected))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(E::custom($expected))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(E::custom($expected))
        }
    };
}

/// Any table's entries, keyed by name with each name's place in the file.
pub(super) fn entries<'de, A, V>(mut map: A) -> Result<Vec<(Spanned<String>, V)>, A::Error>
where
    A: MapAccess<'de>,
    V: Deserialize<'de>,
{
    let mut entries = Vec::new();
    while let Some(name) = map.next_key::<Spanned<String>>()? {
        entries.push((name, map.next_value()?));
    }
    Ok(entries)
}

/// A list of `T`, each item with its own place in the file.
pub(super) struct List<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<List<T>, D::Error> {
        d.deserialize_any(Only::<List<T>>(PhantomData))
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Only<List<T>> {
    type Value = List<T>;
    refuse_scalars!(ValueError::NotAList);

    fn visit_str<E: de::Error>(self, _: &str) -> Result<List<T>, E> {
        Err(E::custom(ValueError::NotAList))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<List<T>, A::Error> {
        Err(de::Error::custom(ValueError::NotAList))
    }
}

pub(super) fn table<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Table::<T>::deserialize(d).map(|Table(t)| t)
}

/// A table of `T`'s fields. An unknown key is named at its own line with
/// the nearest of `T`'s fields, which serde hands to `unknown_field`.
pub(super) struct Table<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Table<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Table<T>, D::Error> {
        d.deserialize_any(Only::<Table<T>>(PhantomData))
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Only<Table<T>> {
    type Value = Table<T>;
    refuse_scalars!(ValueError::NotATable);

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Table<T>, E> {
        Err(E::custom(ValueError::NotATable))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Table<T>, A::Error> {
        Err(de::Error::custom(ValueError::NotATable))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Table<T>, A::Error> {
        let checked = de::value::MapAccessDeserializer::new(KnownKeys(map));
        T::deserialize(checked).map(Table)
    }
}

/// A table's entries, each key read by the struct's own field visitor but
/// with `ValueError` as its error, so an unknown one comes with the list
/// of known ones; the error is raised while toml reads the key, so it
/// carries the key's place.
struct KnownKeys<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for KnownKeys<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(KnownKey(seed))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.0.next_value_seed(seed)
    }
}

struct KnownKey<K>(K);

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KnownKey<K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<K::Value, D::Error> {
        let name = String::deserialize(d)?;
        let field: StrDeserializer<ValueError> = name.as_str().into_deserializer();
        self.0.deserialize(field).map_err(de::Error::custom)
    }
}

pub(super) use refuse_scalars;
