//! YAML as the site's files use it: parsed by `granit-parser` (the maintained parser behind
//! serde-saphyr) into a tree of [`Node`]s that knows where each value was written, then read
//! into the typed front matter of `content` by a serde deserializer ([`read`]) that reports
//! every unknown key, every value of the wrong shape, and goes on, so that one run names
//! every mistake of a file.
//!
//! Every message is in Vietnamese, with the line and a caret under the column; no parser text
//! reaches the staff member. The limits (nesting, aliases) keep a hostile file as cheap as its
//! length.

mod de;
mod messages;
mod tree;

pub use de::{keys_of, read, At, Issue, Raw};
pub use tree::{Kind, Node};

use crate::diag::Pos;

/// The deepest nesting of collections accepted. Real content nests three or four deep.
pub const MAX_DEPTH: usize = 64;

/// At most this many nodes may come from aliases (`*name`) in one file: a few thousand
/// aliases of a large anchor would otherwise make gigabytes of a small file.
pub const MAX_ALIASED_NODES: usize = 10_000;

/// At most this many bytes of text may come from aliases in one file.
pub const MAX_ALIASED_BYTES: usize = 1 << 20;

/// Why a text is not YAML the site can read: where, and what to do, in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
}

/// Parses `text`, whose first line is line `first_line` of its file, into a tree. Positions in
/// the tree and in the error are file positions.
pub fn parse(text: &str, first_line: usize) -> Result<Node, YamlError> {
    tree::build(text, first_line).map(|(node, _)| node)
}

/// [`parse`], with the values that lost invisible or control characters (see
/// [`crate::text::is_unwanted`]): where each starts, and the characters' names.
pub fn parse_noting(
    text: &str,
    first_line: usize,
) -> Result<(Node, Vec<(Pos, String)>), YamlError> {
    tree::build(text, first_line)
}
