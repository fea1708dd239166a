//! What a rule reports: a diagnostic, and the byte-range edits that fix it.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// How a reported diagnostic is shown and counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// When a fix may be applied (ruff's model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown as a suggestion only; never applied.
    DisplayOnly,
    /// Applied with `--unsafe-fixes`: the meaning may change.
    Unsafe,
    /// Applied with `--fix`: the meaning cannot change.
    Safe,
}

/// Replace `range` of the original text with `replacement` (fixed text, such as a list marker,
/// costs no allocation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: Cow<'static, str>,
}

impl Edit {
    pub fn replace(range: Range<usize>, replacement: impl Into<Cow<'static, str>>) -> Self {
        Edit {
            range,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<Cow<'static, str>>) -> Self {
        Edit::replace(at..at, text)
    }

    pub fn delete(range: Range<usize>) -> Self {
        Edit::replace(range, "")
    }
}

/// A fix's edits: one held in place (the fix of most diagnostics, made without an
/// allocation), or several behind one `Arc`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edits {
    One(Edit),
    Many(Arc<[Edit]>),
}

impl std::ops::Deref for Edits {
    type Target = [Edit];

    fn deref(&self) -> &[Edit] {
        match self {
            Edits::One(edit) => std::slice::from_ref(edit),
            Edits::Many(edits) => edits,
        }
    }
}

impl From<Vec<Edit>> for Edits {
    fn from(mut edits: Vec<Edit>) -> Self {
        match edits.len() {
            1 => Edits::One(edits.pop().expect("one edit")),
            _ => Edits::Many(edits.into()),
        }
    }
}

impl From<&[Edit]> for Edits {
    fn from(edits: &[Edit]) -> Self {
        match edits {
            [edit] => Edits::One(edit.clone()),
            _ => Edits::Many(edits.into()),
        }
    }
}

impl<const N: usize> From<[Edit; N]> for Edits {
    fn from(edits: [Edit; N]) -> Self {
        let mut edits = edits.into_iter();
        if N == 1 {
            Edits::One(edits.next().expect("one edit"))
        } else {
            Edits::Many(edits.collect())
        }
    }
}

impl Edits {
    /// Where the edits are when several diagnostics share them (see [`Fix::shared_by`]).
    pub fn shared(&self) -> Option<*const Edit> {
        match self {
            Edits::Many(edits) if Arc::strong_count(edits) > 1 => Some(edits.as_ptr()),
            _ => None,
        }
    }
}

/// A set of edits that must be applied together. Diagnostics may share one fix (a run of lists
/// whose markers must change together): the edits are shared, not copied, so that sharing
/// costs nothing however many diagnostics and edits there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Sorted by start and not overlapping.
    pub edits: Edits,
    pub applicability: Applicability,
    /// What this fix may change in the rendered document, when it is less than its rule
    /// declares (a rule that removes whole items and cuts prompts from lines: a removal
    /// changes no text). Never more: the fixer takes what both allow.
    pub changes: Option<Changes>,
    range: Range<usize>,
}

impl Fix {
    /// What this fix may change, its rule declaring `declared`: what both allow.
    pub fn allowed(&self, declared: Changes) -> Changes {
        self.changes.map_or(declared, |c| c.common(declared))
    }

    /// `None` when the edits overlap: a fix must never be ambiguous about what it writes.
    /// `edits` is a `Vec`, an array (`[edit]`, the fix of most diagnostics) or a slice, whose
    /// edits are cloned (a list a rule keeps from fix to fix).
    pub fn new(edits: impl Into<Edits>, applicability: Applicability) -> Option<Self> {
        let mut edits = edits.into();
        // Unique when made from a `Vec`, an array or a slice.
        if let Edits::Many(many) = &mut edits
            && let Some(many) = Arc::get_mut(many)
        {
            many.sort_by_key(|e| (e.range.start, e.range.end));
        }
        let disjoint = edits
            .windows(2)
            .all(|w| w[0].range.end <= w[1].range.start && w[0].range != w[1].range);
        let start = edits.first()?.range.start;
        let end = edits.iter().map(|e| e.range.end).max().unwrap_or(start);
        disjoint.then_some(Fix {
            edits,
            applicability,
            changes: None,
            range: start..end,
        })
    }

    pub fn safe(edits: impl Into<Edits>) -> Option<Self> {
        Fix::new(edits, Applicability::Safe)
    }

    pub fn unsafe_(edits: impl Into<Edits>) -> Option<Self> {
        Fix::new(edits, Applicability::Unsafe)
    }

    /// The same fix, to be cloned into `diagnostics` diagnostics: for several, its edits
    /// behind one `Arc`, by which the fixer knows the clones for one fix (applied once,
    /// counted for each).
    pub fn shared_by(self, diagnostics: usize) -> Self {
        let edits = match self.edits {
            Edits::One(edit) if diagnostics > 1 => Edits::Many(Arc::new([edit])),
            edits => edits,
        };
        Fix { edits, ..self }
    }

    /// The same fix, allowed to change only `changes` (and what its rule declares).
    pub fn changing(self, changes: Changes) -> Self {
        Fix {
            changes: Some(changes),
            ..self
        }
    }

    /// The smallest range covering every edit.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }
}

/// A message of the number `n` followed by the literal `rest` ("3 spaces after the list
/// marker"): fixed text, with no allocation, for the numbers 0 to 9 that most such messages
/// hold.
macro_rules! counted {
    ($n:expr, $rest:literal) => {{
        let text: std::borrow::Cow<'static, str> = match $n {
            0 => concat!("0", $rest).into(),
            1 => concat!("1", $rest).into(),
            2 => concat!("2", $rest).into(),
            3 => concat!("3", $rest).into(),
            4 => concat!("4", $rest).into(),
            5 => concat!("5", $rest).into(),
            6 => concat!("6", $rest).into(),
            7 => concat!("7", $rest).into(),
            8 => concat!("8", $rest).into(),
            9 => concat!("9", $rest).into(),
            n => [itoa::Buffer::new().format(n), $rest].concat().into(),
        };
        text
    }};
}
pub(crate) use counted;

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    /// Names the problem. Most messages and titles are fixed text: `Cow` spares them an
    /// allocation each (the corpus has half a million diagnostics). The frequent others are
    /// joined with `[...].concat()`, one allocation of the final size, at a fraction of the
    /// instructions of `format!`.
    pub message: Cow<'static, str>,
    /// Bytes of the document's text (after any BOM).
    pub range: Range<usize>,
    /// Names the remedy; shown as help, present whenever `fix` is.
    pub fix_title: Option<Cow<'static, str>>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn fixable(&self, unsafe_fixes: bool) -> bool {
        self.fix.as_ref().is_some_and(|f| match f.applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => unsafe_fixes,
            Applicability::DisplayOnly => false,
        })
    }
}

/// What a rule's fixes may change in the rendered document. Before a file is written, the
/// fixer renders the original and the result to HTML and allows only the changes declared by
/// the rules whose fixes were applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Changes {
    /// Heading levels (`<h2>` to `<h3>`).
    pub heading_levels: bool,
    /// Text content, not markup (a date written another way, a typo corrected), outside links.
    pub text: bool,
    /// With `text`, the text of links too (`<a>`'s content: a typo in a link's text). Without
    /// it a link keeps its text, so that a change of text cannot move a link onto other words.
    pub link_text: bool,
    /// Content removed (an empty item, a template prompt).
    pub removal: bool,
    /// Blocks moved (meetings put in date order).
    pub order: bool,
    /// Bold or italic markup (`<strong>`, `<em>`) added or removed around text that stays the
    /// same (a label made bold).
    pub emphasis: bool,
}

impl Changes {
    /// The rendered HTML stays byte-identical.
    pub const NOTHING: Changes = Changes {
        heading_levels: false,
        text: false,
        link_text: false,
        removal: false,
        order: false,
        emphasis: false,
    };
    pub const HEADING_LEVELS: Changes = Changes {
        heading_levels: true,
        ..Changes::NOTHING
    };
    pub const TEXT: Changes = Changes {
        text: true,
        ..Changes::NOTHING
    };
    /// Text anywhere, in links too.
    pub const ANY_TEXT: Changes = Changes {
        text: true,
        link_text: true,
        ..Changes::NOTHING
    };
    pub const REMOVAL: Changes = Changes {
        removal: true,
        ..Changes::NOTHING
    };
    pub const ORDER: Changes = Changes {
        order: true,
        ..Changes::NOTHING
    };
    pub const EMPHASIS: Changes = Changes {
        emphasis: true,
        ..Changes::NOTHING
    };

    pub const fn and(self, other: Changes) -> Changes {
        Changes {
            heading_levels: self.heading_levels || other.heading_levels,
            text: self.text || other.text,
            link_text: self.link_text || other.link_text,
            removal: self.removal || other.removal,
            order: self.order || other.order,
            emphasis: self.emphasis || other.emphasis,
        }
    }

    /// What both allow.
    pub const fn common(self, other: Changes) -> Changes {
        Changes {
            heading_levels: self.heading_levels && other.heading_levels,
            text: self.text && other.text,
            link_text: self.link_text && other.link_text,
            removal: self.removal && other.removal,
            order: self.order && other.order,
            emphasis: self.emphasis && other.emphasis,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    /// One edit is held in place, several behind an `Arc` (sorted by `Fix::new`); only
    /// `shared_by` several makes edits known as shared, and its clones share them.
    #[test]
    fn one_edit_is_held_in_place_and_shared_only_when_asked() {
        let (a, b) = (Edit::insert(4, "b"), Edit::insert(1, "a"));
        assert!(matches!(Edits::from(vec![a.clone()]), Edits::One(_)));
        assert!(matches!(Edits::from([a.clone()]), Edits::One(_)));
        assert!(matches!(
            Edits::from(vec![a.clone(), b.clone()]),
            Edits::Many(_)
        ));
        let fix = Fix::safe([a.clone(), b.clone()]).unwrap();
        assert_eq!(&*fix.edits, &[b.clone(), a.clone()]);
        assert_eq!(fix.range(), 1..4);
        assert!(Fix::safe(Vec::new()).is_none());
        let one = Fix::safe([a.clone()]).unwrap();
        let copy = one.clone();
        assert_eq!((one.edits.shared(), fix.edits.shared()), (None, None));
        let shared = copy.shared_by(2);
        let clone = shared.clone();
        assert!(shared.edits.shared().is_some());
        assert_eq!(shared.edits.shared(), clone.edits.shared());
        assert_eq!(&*shared.edits, &[a]);
    }

    /// A count's message is fixed text for 0 to 9 and joined after, the same text either way.
    #[test]
    fn counted_messages_are_fixed_text_for_small_counts() {
        for n in 0..=12usize {
            let message = counted!(n, " spaces");
            assert_eq!(message, format!("{n} spaces"));
            assert_eq!(matches!(message, Cow::Borrowed(_)), n <= 9, "{n}");
        }
    }
}
