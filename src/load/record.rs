//! One CSV record deserialised into a row type by its header's names, remembering which field
//! failed so that the reader's problems name their column.

/// Deserialises one CSV record into a row type, remembering which field failed so that errors
/// name their column (csv's own deserialiser does not for errors raised by field types).
pub(crate) struct RecordDe<'a> {
    names: &'a [String],
    fields: &'a [&'a str],
    next: usize,
    failed: &'a std::cell::Cell<Option<usize>>,
}

impl<'a> RecordDe<'a> {
    /// The record of `fields` under the header's `names`; `failed` is set to the index of the
    /// field that fails, if one does.
    pub(crate) fn new(names: &'a [String], fields: &'a [&'a str], failed: &'a std::cell::Cell<Option<usize>>) -> Self {
        RecordDe {
            names,
            fields,
            next: 0,
            failed,
        }
    }
}

impl<'de> serde::Deserializer<'de> for RecordDe<'de> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64 char str string bytes byte_buf option unit unit_struct
        newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> serde::de::MapAccess<'de> for RecordDe<'de> {
    type Error = serde::de::value::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Self::Error> {
        match self.names.get(self.next) {
            Some(name) => seed
                .deserialize(serde::de::value::StrDeserializer::<Self::Error>::new(name))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Self::Error> {
        let i = self.next;
        self.next += 1;
        let field = FieldDe(self.fields.get(i).copied().unwrap_or_default());
        seed.deserialize(field).inspect_err(|_| self.failed.set(Some(i)))
    }
}

/// One CSV field: empty is None for optional columns, codes name enum variants.
struct FieldDe<'a>(&'a str);

impl<'de> serde::Deserializer<'de> for FieldDe<'de> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_option<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if self.0.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::IntoDeserializer;
        visitor.visit_enum(self.0.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64 char str string bytes byte_buf unit unit_struct
        newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}
