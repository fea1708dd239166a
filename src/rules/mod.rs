//! The rules: one file each, listed once in [`REGISTRY`].
//!
//! A rule's doc comment (written with [`declare_rule!`]) is its documentation: `cafe-lint rule
//! NAME` prints it, `rules/NAME.md` is generated from it, and its `## Example` and
//! `## Use instead` blocks are run by the tests.

use serde::de::DeserializeOwned;

use crate::config::Level;
use crate::diagnostic::{Changes, Diagnostic, Fix, Severity};
use crate::document::Document;

pub mod archive_title;
pub mod bare_url;
pub mod blank_lines;
mod blocks;
pub mod broken_anchor;
pub mod broken_autolink;
pub mod date_heading;
pub mod date_order;
pub mod empty_item;
pub mod final_newline;
pub mod heading_increment;
mod inline;
pub mod label_style;
mod layout;
pub mod list_indent;
pub mod list_marker;
pub mod marker_space;
pub mod nested_link;
pub mod pad_syntax;
pub mod sections;
pub mod spelling;
mod spelling_bloom;
pub mod template_text;
pub mod topic_description;
pub mod topic_notes;
pub mod trailing_whitespace;
pub mod undefined_footnote;
pub mod unnecessary_escape;
pub mod url_as_link_text;

/// Declares a rule struct and keeps its doc comment as `Self::DOC`.
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])+ $vis:vis struct $name:ident $($body:tt)*) => {
        $(#[doc = $doc])+
        $vis struct $name $($body)*
        impl $crate::rules::Documented for $name {
            const DOC: &'static str = concat!($($doc, "\n"),+);
        }
    };
}
pub(crate) use declare_rule;

use Changes as C;
use FixAvailability::{Always, Never, Sometimes};
use Level::{Error, Warn};

/// The rules, one line each: id (stable: used in config and suppressions), default level,
/// whether it can fix, what its fixes may change in the rendered document, and whether it
/// checks a large document a window at a time.
#[rustfmt::skip]
pub static REGISTRY: &[RuleInfo] = &[
    RuleInfo::of::<date_heading::DateHeading>(          "date-heading",      Error, Sometimes, C::TEXT.and(C::HEADING_LEVELS)),
    RuleInfo::of::<topic_description::TopicDescription>("topic-description", Error, Never,     C::NOTHING),
    RuleInfo::of::<topic_notes::TopicNotes>(            "topic-notes",       Error, Never,     C::NOTHING),
    RuleInfo::of::<bare_url::BareUrl>(                  "bare-url",          Error, Always,    C::NOTHING).windowed(),
    RuleInfo::of::<archive_title::ArchiveTitle>(        "archive-title",     Error, Sometimes, C::TEXT),
    RuleInfo::of::<blank_lines::BlankLines>(            "blank-lines",       Error, Always,    C::NOTHING),
    RuleInfo::of::<broken_anchor::BrokenAnchor>(        "broken-anchor",     Error, Never,     C::NOTHING),
    RuleInfo::of::<broken_autolink::BrokenAutolink>(    "broken-autolink",   Error, Never,     C::NOTHING).windowed(),
    RuleInfo::of::<date_order::DateOrder>(              "date-order",        Error, Sometimes, C::ORDER),
    RuleInfo::of::<empty_item::EmptyItem>(              "empty-item",        Error, Sometimes, C::REMOVAL).windowed(),
    RuleInfo::of::<final_newline::FinalNewline>(        "final-newline",     Error, Always,    C::NOTHING),
    RuleInfo::of::<heading_increment::HeadingIncrement>("heading-increment", Error, Sometimes, C::HEADING_LEVELS),
    RuleInfo::of::<label_style::LabelStyle>(            "label-style",       Error, Always,    C::EMPHASIS).windowed(),
    RuleInfo::of::<list_indent::ListIndent>(            "list-indent",       Error, Sometimes, C::NOTHING),
    RuleInfo::of::<list_marker::ListMarker>(            "list-marker",       Error, Always,    C::NOTHING).windowed(),
    RuleInfo::of::<marker_space::MarkerSpace>(          "marker-space",      Error, Sometimes, C::NOTHING).windowed(),
    RuleInfo::of::<nested_link::NestedLink>(            "nested-link",       Error, Never,     C::NOTHING).windowed(),
    RuleInfo::of::<pad_syntax::PadSyntax>(              "pad-syntax",        Error, Sometimes, C::TEXT.and(C::REMOVAL)).windowed(),
    RuleInfo::of::<spelling::Spelling>(                 "spelling",          Warn,  Sometimes, C::ANY_TEXT).unsafe_only().windowed(),
    RuleInfo::of::<template_text::TemplateText>(        "template-text",     Error, Sometimes, C::REMOVAL.and(C::TEXT)).windowed(),
    RuleInfo::of::<trailing_whitespace::TrailingWhitespace>("trailing-whitespace", Error, Sometimes, C::NOTHING),
    RuleInfo::of::<undefined_footnote::UndefinedFootnote>("undefined-footnote", Error, Never, C::NOTHING),
    RuleInfo::of::<unnecessary_escape::UnnecessaryEscape>("unnecessary-escape", Error, Always, C::NOTHING),
    RuleInfo::of::<url_as_link_text::UrlAsLinkText>(    "url-as-link-text",  Error, Always,    C::NOTHING).windowed(),
];

pub fn find(name: &str) -> Option<&'static RuleInfo> {
    REGISTRY.iter().find(|r| r.name == name)
}

/// A configured rule, ready to check documents.
pub trait Rule: Send + Sync {
    fn check(&self, doc: &Document, report: &mut Reporter);
}

/// The documentation of a rule, from its doc comment.
pub trait Documented {
    const DOC: &'static str;
}

/// How a rule is built from its options table.
pub trait Configurable: Rule + Documented + Sized + 'static {
    /// `#[serde(deny_unknown_fields, rename_all = "kebab-case")]`, defaults = the documented ones.
    type Options: DeserializeOwned + Default;
    fn new(options: Self::Options) -> Self;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    Always,
    Sometimes,
    Never,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::Always => "always",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Never => "never",
        }
    }
}

pub type BuildRule = fn(toml::Table) -> Result<Box<dyn Rule>, String>;

pub struct RuleInfo {
    pub name: &'static str,
    pub default_level: Level,
    pub fix: FixAvailability,
    /// What this rule's fixes may change in the rendered HTML (checked before writing); a fix
    /// may declare less ([`Fix::changing`]).
    pub changes: Changes,
    doc: &'static str,
    pub build: BuildRule,
    /// Checks the options without building the rule (which may build a matcher).
    pub validate: fn(toml::Table) -> Result<(), String>,
    /// Every fix of this rule is unsafe: `--fix` without `--unsafe-fixes` need not run it
    /// until the text has settled.
    pub unsafe_fixes_only: bool,
    /// The rule checks a large document a window of top-level blocks at a time
    /// ([`crate::linter::lint_in_windows`]): it finds each of its diagnostics from one node
    /// of [`Document::nodes_in_window`] (and the nodes around it), carries nothing but caches
    /// from one node to the next, and scans no more of the text at once than the window's
    /// (a scan of the whole text would be repeated for every window).
    pub windowed: bool,
}

impl RuleInfo {
    pub const fn of<R: Configurable>(
        name: &'static str,
        default_level: Level,
        fix: FixAvailability,
        changes: Changes,
    ) -> Self {
        RuleInfo {
            name,
            default_level,
            fix,
            changes,
            doc: R::DOC,
            build: build::<R>,
            validate: validate::<R>,
            unsafe_fixes_only: false,
            windowed: false,
        }
    }

    pub const fn windowed(self) -> Self {
        RuleInfo {
            windowed: true,
            ..self
        }
    }

    pub const fn unsafe_only(self) -> Self {
        RuleInfo {
            unsafe_fixes_only: true,
            ..self
        }
    }

    /// Whether fixing (with unsafe fixes or not) may apply a fix of this rule.
    pub fn may_fix(&self, unsafe_fixes: bool) -> bool {
        self.fix != FixAvailability::Never && (unsafe_fixes || !self.unsafe_fixes_only)
    }

    /// The doc comment, without the one space `///` leaves at the start of each line.
    pub fn doc(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The first sentence under `## What it does`.
    pub fn summary(&self) -> String {
        let doc = self.doc();
        let body = doc.split("## What it does").nth(1).unwrap_or(&doc);
        let paragraph = body.trim_start().split("\n\n").next().unwrap_or("");
        paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// `rules/NAME.md`: the page generated from the doc comment.
    pub fn markdown_page(&self) -> String {
        format!(
            "# {}\n\nDefault level: `{}`. Fix: {}.\n\n{}",
            self.name,
            self.default_level.as_str(),
            self.fix.as_str(),
            self.doc()
        )
    }
}

fn build<R: Configurable>(options: toml::Table) -> Result<Box<dyn Rule>, String> {
    Ok(Box::new(R::new(options_of::<R>(options)?)))
}

fn validate<R: Configurable>(options: toml::Table) -> Result<(), String> {
    options_of::<R>(options).map(drop)
}

fn options_of<R: Configurable>(options: toml::Table) -> Result<R::Options, String> {
    R::Options::deserialize(options).map_err(|e| e.message().to_string())
}

use serde::Deserialize as _;

/// Collects one rule's diagnostics.
pub struct Reporter<'d> {
    rule: &'static str,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl<'d> Reporter<'d> {
    pub fn new(rule: &'static str, diagnostics: &'d mut Vec<Diagnostic>) -> Self {
        Reporter { rule, diagnostics }
    }

    /// Reports a problem at `range`; the severity is set from the configured level.
    pub fn report(
        &mut self,
        range: std::ops::Range<usize>,
        message: impl Into<std::borrow::Cow<'static, str>>,
    ) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic {
            rule: self.rule,
            severity: Severity::Error,
            message: message.into(),
            range,
            fix_title: None,
            fix: None,
        });
        self.diagnostics.last_mut().expect("just pushed")
    }
}

impl Diagnostic {
    /// Attaches a remedy. `fix` is `None` when no valid edit could be made: the title still
    /// tells the reader what to do.
    pub fn with_fix(
        &mut self,
        title: impl Into<std::borrow::Cow<'static, str>>,
        fix: Option<Fix>,
    ) -> &mut Self {
        self.fix_title = Some(title.into());
        self.fix = fix;
        self
    }
}
