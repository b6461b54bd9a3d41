//! Reading a [`Node`] tree into Rust types that `#[derive(Deserialize)]`. Unlike a plain
//! deserializer it never gives up at the first mistake: a key the type does not know, or a
//! value of the wrong shape, becomes an [`Issue`] (with its position), the value reads as
//! empty, and reading goes on. A value of a single string is read as a list of one, as the
//! content model allows. [`At`] gives a value with its position; [`Raw`] keeps a node as
//! written, for values read by hand.

use super::{Kind, Node};
use crate::diag::Pos;
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;
use std::cell::RefCell;
use std::fmt;

/// A mistake found while reading a tree into a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// A key that the type does not have, with the type's name and the keys it has.
    UnknownKey {
        key: String,
        pos: Pos,
        within: &'static str,
        known: &'static [&'static str],
    },
    /// A value of another shape than the type wants.
    WrongShape {
        key: String,
        pos: Pos,
        wanted: &'static str,
        found: &'static str,
    },
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub pos: Pos,
}

/// A node as written, to be read by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct Raw(pub Node);

const AT: &str = "$kehoach::At";
const RAW: &str = "$kehoach::Raw";
const AT_FIELDS: &[&str] = &["$pos", "$value"];

thread_local! {
    /// The issues of the reading under way (reads nest: a value read by hand is read again).
    static ISSUES: RefCell<Vec<Issue>> = const { RefCell::new(Vec::new()) };
    /// The node a [`Raw`] takes.
    static RAW_NODE: RefCell<Option<Node>> = const { RefCell::new(None) };
}

fn issue(i: Issue) {
    ISSUES.with_borrow_mut(|v| v.push(i));
}

/// Reads `node` into a `T`, with every issue found on the way. Issues of reads nested in this
/// one (values read by hand while it runs) are included.
pub fn read<'a, T: Deserialize<'a>>(node: &'a Node) -> (Option<T>, Vec<Issue>) {
    let outer = ISSUES.with_borrow_mut(std::mem::take);
    let value = T::deserialize(NodeDe { node, key: "" }).ok();
    let issues = ISSUES.with_borrow_mut(|v| std::mem::replace(v, outer));
    (value, issues)
}

/// A failure a visitor reports; reading gives `None` then.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        Error(msg.to_string())
    }
}

/// A node being read, and the key it is the value of (for messages).
#[derive(Clone, Copy)]
struct NodeDe<'a> {
    node: &'a Node,
    key: &'a str,
}

impl<'a> NodeDe<'a> {
    fn wrong(&self, wanted: &'static str) {
        issue(Issue::WrongShape {
            key: self.key.to_string(),
            pos: self.node.pos,
            wanted,
            found: self.node.what(),
        });
    }
}

const EMPTY: &[Node] = &[];

impl<'de> Deserializer<'de> for NodeDe<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Null => v.visit_unit(),
            Kind::Scalar(s) => v.visit_borrowed_str(s),
            Kind::Seq(items) => v.visit_seq(Seq::new(items, self.key)),
            Kind::Map(entries) => v.visit_map(Map::new(entries, None)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.node.kind {
            Kind::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Scalar(s) => v.visit_borrowed_str(s),
            Kind::Null => v.visit_borrowed_str(""),
            _ => {
                self.wrong("một giá trị đơn (chuỗi)");
                v.visit_borrowed_str("")
            }
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.node.text() {
            Some("true") => v.visit_bool(true),
            Some("false") => v.visit_bool(false),
            _ => {
                self.wrong("`true` hoặc `false`");
                v.visit_bool(false)
            }
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Seq(items) => v.visit_seq(Seq::new(items, self.key)),
            // One value where a list is shown is a list of one.
            Kind::Scalar(_) => v.visit_seq(Seq::new(std::slice::from_ref(self.node), self.key)),
            Kind::Null => v.visit_seq(Seq::new(EMPTY, self.key)),
            Kind::Map(_) => {
                self.wrong("một danh sách (mỗi mục bắt đầu bằng `- `)");
                v.visit_seq(Seq::new(EMPTY, self.key))
            }
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Map(entries) => v.visit_map(Map::new(entries, None)),
            Kind::Null => v.visit_map(Map::new(&[], None)),
            _ => {
                self.wrong("các cặp `khóa: giá trị`");
                v.visit_map(Map::new(&[], None))
            }
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        match name {
            AT => v.visit_map(AtMap { de: self, step: 0 }),
            RAW => {
                RAW_NODE.with_borrow_mut(|slot| *slot = Some(self.node.clone()));
                v.visit_unit()
            }
            _ => match &self.node.kind {
                Kind::Map(entries) => v.visit_map(Map::new(entries, Some((name, fields)))),
                Kind::Null => v.visit_map(Map::new(&[], Some((name, fields)))),
                _ => {
                    self.wrong("các cặp `khóa: giá trị`");
                    v.visit_map(Map::new(&[], Some((name, fields))))
                }
            },
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct tuple tuple_struct enum identifier
    }
}

/// The items of a sequence.
struct Seq<'a> {
    items: std::slice::Iter<'a, Node>,
    key: &'a str,
}

impl<'a> Seq<'a> {
    fn new(items: &'a [Node], key: &'a str) -> Self {
        Seq {
            items: items.iter(),
            key,
        }
    }
}

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(node) => seed
                .deserialize(NodeDe {
                    node,
                    key: self.key,
                })
                .map(Some),
            None => Ok(None),
        }
    }
}

/// The entries of a mapping; read as a struct, only the keys it has (the others are issues).
struct Map<'a> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    /// The struct read, and its keys.
    known: Option<(&'static str, &'static [&'static str])>,
    value: Option<NodeDe<'a>>,
}

impl<'a> Map<'a> {
    fn new(
        entries: &'a [(Node, Node)],
        known: Option<(&'static str, &'static [&'static str])>,
    ) -> Self {
        Map {
            entries: entries.iter(),
            known,
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for Map<'de> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        for (k, v) in self.entries.by_ref() {
            let name = k.text().unwrap_or("");
            if let Some((within, known)) = self.known {
                if !known.contains(&name) {
                    issue(Issue::UnknownKey {
                        key: name.to_string(),
                        pos: k.pos,
                        within,
                        known,
                    });
                    continue;
                }
            }
            self.value = Some(NodeDe { node: v, key: name });
            return seed.deserialize(NodeDe { node: k, key: name }).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(de) => seed.deserialize(de),
            None => Err(de::Error::custom("giá trị không có khóa")),
        }
    }
}

/// What an [`At`] is made of: the position, then the value.
struct AtMap<'a> {
    de: NodeDe<'a>,
    step: u8,
}

impl<'de> MapAccess<'de> for AtMap<'de> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let key = match self.step {
            0 => AT_FIELDS[0],
            1 => AT_FIELDS[1],
            _ => return Ok(None),
        };
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.step += 1;
        if self.step == 1 {
            let p = self.de.node.pos;
            let packed = (u64::from(p.line) << 32) | u64::from(p.column);
            seed.deserialize(packed.into_deserializer())
        } else {
            seed.deserialize(self.de)
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = At<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value with its position")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<At<T>, A::Error> {
                let mut pos = Pos::default();
                let mut value = None;
                while let Some(k) = map.next_key::<&str>()? {
                    if k == AT_FIELDS[0] {
                        let packed: u64 = map.next_value()?;
                        pos = Pos {
                            line: (packed >> 32) as u32,
                            column: packed as u32,
                        };
                    } else {
                        value = Some(map.next_value()?);
                    }
                }
                let value = value.ok_or_else(|| de::Error::custom("no value"))?;
                Ok(At { value, pos })
            }
        }
        d.deserialize_struct(AT, AT_FIELDS, V(std::marker::PhantomData))
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Raw;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a YAML node")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
                RAW_NODE
                    .with_borrow_mut(Option::take)
                    .map(Raw)
                    .ok_or_else(|| E::custom("no node"))
            }
        }
        d.deserialize_struct(RAW, &[], V)
    }
}

/// The name and the keys of a struct read from YAML, as its `Deserialize` states them.
pub fn keys_of<'de, T: Deserialize<'de>>() -> (&'static str, &'static [&'static str]) {
    struct Keys;
    #[derive(Debug)]
    struct Found(&'static str, &'static [&'static str]);
    impl fmt::Display for Found {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for Found {}
    impl de::Error for Found {
        fn custom<M: fmt::Display>(_: M) -> Self {
            Found("", &[])
        }
    }
    impl<'de> Deserializer<'de> for Keys {
        type Error = Found;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Found> {
            Err(Found("", &[]))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Found> {
            Err(Found(name, fields))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    match T::deserialize(Keys) {
        Err(Found(name, fields)) => (name, fields),
        Ok(_) => ("", &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Task {
        id: Option<At<String>>,
        title: Option<String>,
        #[serde(default)]
        lead: Vec<At<String>>,
        #[serde(default)]
        done: bool,
    }

    #[derive(Debug, Deserialize)]
    struct Plan {
        title: Option<At<String>>,
        #[serde(default)]
        tasks: Vec<At<Task>>,
        signer: Option<Raw>,
    }

    fn tree(text: &str) -> Node {
        super::super::parse(text, 1).unwrap()
    }

    #[test]
    fn reads_types_with_positions_and_goes_on_after_each_mistake() {
        let t = tree("title: T\ndeadlne: x\ntasks:\n  - id: 5.10\n    lead: Sở A\n    titel: y\n  - id: [1]\n    lead: [a, b]\n    done: maybe\nsigner: {name: A}\n");
        let (plan, issues) = read::<Plan>(&t);
        let plan = plan.unwrap();
        assert_eq!(plan.title.unwrap().pos, Pos::new(1, 8));
        assert_eq!(plan.tasks.len(), 2);
        assert_eq!(plan.tasks[0].value.id.as_ref().unwrap().value, "5.10");
        assert_eq!(plan.tasks[0].value.lead[0].value, "Sở A");
        assert_eq!(plan.tasks[1].value.lead.len(), 2);
        assert!(matches!(
            plan.signer,
            Some(Raw(Node {
                kind: Kind::Map(_),
                ..
            }))
        ));
        let keys: Vec<(&str, u32)> = issues
            .iter()
            .filter_map(|i| match i {
                Issue::UnknownKey { key, pos, .. } => Some((key.as_str(), pos.line)),
                _ => None,
            })
            .collect();
        assert_eq!(keys, [("deadlne", 2), ("titel", 6)]);
        let shapes: Vec<(&str, u32)> = issues
            .iter()
            .filter_map(|i| match i {
                Issue::WrongShape { key, pos, .. } => Some((key.as_str(), pos.line)),
                _ => None,
            })
            .collect();
        assert_eq!(shapes, [("id", 7), ("done", 9)]);
    }
}
