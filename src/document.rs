//! A parsed notes file: the source, a line index, the comrak AST and the notes outline.
//!
//! The parser says where, the source says what: every comrak `Sourcepos` becomes a byte range
//! here, and edits are only made through [`Document::edit`], which checks that the range is on
//! char boundaries and still holds the text the rule expects.

use std::cell::Cell;
use std::ops::Range;
use std::path::Path;

use comrak::nodes::{AstNode, NodeValue, Sourcepos};
use comrak::{Arena, Options};

use crate::diagnostic::Edit;

pub type Node<'a> = &'a AstNode<'a>;

/// The comrak options the docs site's renderer matches: GFM tables, strikethrough, task lists,
/// footnotes and autolinks. Used for every parse and every render, so they cannot drift.
pub fn comrak_options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    options.extension.autolink = true;
    options.render.r#unsafe = true;
    options
}

/// A heading that is part of the outline (a direct child of the document: headings inside
/// lists, quotes or code are not structure).
#[derive(Debug)]
pub struct Heading<'a> {
    pub node: Node<'a>,
    pub level: u8,
    pub setext: bool,
    /// The heading's plain text, trimmed.
    pub text: String,
    /// The heading's whole source, without the line ending.
    pub range: Range<usize>,
    /// The heading's content: the text after the `#` marker, trimmed (ATX only; the first line
    /// for setext headings).
    pub content: Range<usize>,
}

/// A level-2 heading under the title: a meeting, whose sections are the level-3 headings below
/// it and whose subsections are the level-4 headings below each section.
#[derive(Debug, Default)]
pub struct Meeting {
    /// Index into [`Outline::headings`].
    pub heading: usize,
    /// The heading's date, when it is an ISO `YYYY-MM-DD` date of the calendar.
    pub date: Option<Date>,
    pub sections: Vec<Section>,
}

/// A day of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// `None` when the day does not exist (`2025-02-29`, `2025-13-01`).
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Exactly `YYYY-MM-DD`, and a real day.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        let shape = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !shape {
            return None;
        }
        Date::new(
            text[..4].parse().ok()?,
            text[5..7].parse().ok()?,
            text[8..].parse().ok()?,
        )
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Debug, Default)]
pub struct Section {
    pub heading: usize,
    pub subsections: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct Outline<'a> {
    pub headings: Vec<Heading<'a>>,
    /// The first level-1 heading.
    pub title: Option<usize>,
    pub meetings: Vec<Meeting>,
}

impl<'a> Outline<'a> {
    fn new(headings: Vec<Heading<'a>>) -> Self {
        let mut outline = Outline {
            title: headings.iter().position(|h| h.level == 1),
            headings,
            meetings: Vec::new(),
        };
        let start = outline.title.map_or(0, |t| t + 1);
        for (index, heading) in outline.headings.iter().enumerate().skip(start) {
            match heading.level {
                1 => break,
                2 => outline.meetings.push(Meeting {
                    heading: index,
                    date: Date::parse_iso(&heading.text),
                    sections: Vec::new(),
                }),
                3 => {
                    if let Some(meeting) = outline.meetings.last_mut() {
                        meeting.sections.push(Section {
                            heading: index,
                            subsections: Vec::new(),
                        });
                    }
                }
                4 => {
                    if let Some(section) = outline
                        .meetings
                        .last_mut()
                        .and_then(|m| m.sections.last_mut())
                    {
                        section.subsections.push(index);
                    }
                }
                _ => {}
            }
        }
        outline
    }

    pub fn heading(&self, index: usize) -> &Heading<'a> {
        &self.headings[index]
    }

    /// The index of the heading that ends the section opened by heading `index`: the next one
    /// at the same or a higher level (or `headings.len()`).
    pub fn section_end(&self, index: usize) -> usize {
        let level = self.headings[index].level;
        self.headings[index + 1..]
            .iter()
            .position(|h| h.level <= level)
            .map_or(self.headings.len(), |p| index + 1 + p)
    }
}

/// The indices of nodes by kind: sorted by kind (its bit's number; nodes of no kind last),
/// then by index.
struct ByKind {
    indices: Vec<u32>,
    /// Where the indices of the nodes of each kind start, and the next kind's.
    starts: [usize; 18],
}

impl ByKind {
    /// From the kind of each node (one bit, or none), in two passes and no branch a node.
    fn new(kinds: &[Kinds]) -> Self {
        // Kinds(0).0.trailing_zeros() is 16: the nodes of no kind come after the 16 bits'.
        let mut starts = [0; 18];
        for kind in kinds {
            starts[kind.0.trailing_zeros() as usize + 1] += 1;
        }
        for bit in 1..starts.len() {
            starts[bit] += starts[bit - 1];
        }
        let mut next = starts;
        let mut indices = vec![0; kinds.len()];
        for (i, kind) in kinds.iter().enumerate() {
            let at = &mut next[kind.0.trailing_zeros() as usize];
            indices[*at] = u32::try_from(i).expect("fewer than 2^32 nodes");
            *at += 1;
        }
        ByKind { indices, starts }
    }

    /// The indices of the nodes of `kind`, one kind.
    fn of(&self, kind: Kinds) -> &[u32] {
        let bit = kind.0.trailing_zeros() as usize;
        &self.indices[self.starts[bit]..self.starts[bit + 1]]
    }
}

/// The nodes of some kinds, in order: from the kind's list for one kind, or the nodes whose
/// kind is one of several.
pub enum NodesOf<'d, 'a> {
    Kind(std::slice::Iter<'d, u32>, &'d [Node<'a>]),
    Kinds(
        std::iter::Zip<std::slice::Iter<'d, Node<'a>>, std::slice::Iter<'d, Kinds>>,
        Kinds,
    ),
}

impl<'a> Iterator for NodesOf<'_, 'a> {
    type Item = Node<'a>;

    #[inline]
    fn next(&mut self) -> Option<Node<'a>> {
        match self {
            NodesOf::Kind(indices, nodes) => indices.next().map(|&i| nodes[i as usize]),
            NodesOf::Kinds(nodes, kinds) => nodes
                .find(|(_, kind)| kind.0 & kinds.0 != 0)
                .map(|(node, _)| *node),
        }
    }
}

/// Kinds of nodes the rules look for, as bits (`Kinds::LINK | Kinds::IMAGE`); others have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds(u16);

impl Kinds {
    pub const TEXT: Kinds = Kinds(1);
    pub const PARAGRAPH: Kinds = Kinds(1 << 1);
    pub const HEADING: Kinds = Kinds(1 << 2);
    pub const LIST: Kinds = Kinds(1 << 3);
    pub const ITEM: Kinds = Kinds(1 << 4);
    pub const LINK: Kinds = Kinds(1 << 5);
    pub const IMAGE: Kinds = Kinds(1 << 6);
    pub const CODE: Kinds = Kinds(1 << 7);
    pub const HTML_INLINE: Kinds = Kinds(1 << 8);
    pub const HTML_BLOCK: Kinds = Kinds(1 << 9);
    pub const LINE_BREAK: Kinds = Kinds(1 << 10);
    pub const TABLE_CELL: Kinds = Kinds(1 << 11);
    pub const FOOTNOTE_DEFINITION: Kinds = Kinds(1 << 12);
    pub const CODE_BLOCK: Kinds = Kinds(1 << 13);

    fn of(value: &NodeValue) -> Kinds {
        match value {
            NodeValue::Text(_) => Kinds::TEXT,
            NodeValue::Paragraph => Kinds::PARAGRAPH,
            NodeValue::Heading(_) => Kinds::HEADING,
            NodeValue::List(_) => Kinds::LIST,
            NodeValue::Item(_) => Kinds::ITEM,
            NodeValue::Link(_) => Kinds::LINK,
            NodeValue::Image(_) => Kinds::IMAGE,
            NodeValue::Code(_) => Kinds::CODE,
            NodeValue::HtmlInline(_) => Kinds::HTML_INLINE,
            NodeValue::HtmlBlock(_) => Kinds::HTML_BLOCK,
            NodeValue::LineBreak => Kinds::LINE_BREAK,
            NodeValue::TableCell => Kinds::TABLE_CELL,
            NodeValue::FootnoteDefinition(_) => Kinds::FOOTNOTE_DEFINITION,
            NodeValue::CodeBlock(_) => Kinds::CODE_BLOCK,
            _ => Kinds(0),
        }
    }
}

impl std::ops::BitOr for Kinds {
    type Output = Kinds;
    fn bitor(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }
}

pub struct Document<'a> {
    /// The text, without a UTF-8 BOM (the file layer keeps that).
    pub source: &'a str,
    pub lines: LineIndex,
    pub root: Node<'a>,
    /// Every node in document order, collected in one walk for all rules.
    pub nodes: Vec<Node<'a>>,
    /// The kind of each of `nodes`: [`Document::nodes_of`] filters this array for several
    /// kinds rather than reading every node's data (a rule wants a few kinds of a document's
    /// many nodes).
    kinds: Vec<Kinds>,
    /// The indices in `nodes` of the nodes of each kind (by its bit), in order, one kind after
    /// the other: the nodes of one kind without a test of every node's (a branch that went
    /// either way, rule after rule).
    by_kind: ByKind,
    /// Where each child of the root starts in `nodes` (after it come its descendants).
    top_level: Vec<usize>,
    /// The part of `nodes` a windowed rule checks now (see [`Document::nodes_in_window`]).
    window: Cell<(usize, usize)>,
    /// The window's [`Document::window_range`], start and end.
    window_bytes: Cell<(usize, usize)>,
    pub outline: Outline<'a>,
    /// The file's line ending (its first one: `\n`, `\r\n` or a lone `\r`), for edits that
    /// insert lines.
    pub line_ending: &'static str,
    /// By 1-based line: whether it belongs to a code block or an HTML block, whose text is
    /// content and must stay as written.
    verbatim: Vec<bool>,
    /// The file's path, when the text came from a file (rules that check the file name).
    pub path: Option<&'a Path>,
    /// The blocks (paragraphs, headings, cells) whose inlines comrak placed wrongly from some
    /// node on, by byte range, in document order: those nodes have no kind (see
    /// [`Document::unplace_misplaced_inlines`]), and the lines of the block are not known.
    pub unplaced: Vec<Range<usize>>,
    /// Where raw HTML leaves a link open (`<a ...>`) or closed (`</a>`), by the start of the
    /// HTML node, in order: found when a rule first asks [`Document::in_raw_link`].
    raw_link_states: std::cell::OnceCell<Vec<(usize, bool)>>,
    /// Whether the text holds a `[^`, found when a rule first asks
    /// [`Document::may_hold_footnotes`].
    footnote_marks: std::cell::OnceCell<bool>,
}

impl<'a> Document<'a> {
    pub fn parse(arena: &'a Arena<'a>, source: &'a str) -> Self {
        let root = comrak::parse_document(arena, source, &comrak_options());
        let line_ending = line_ending_of(source).unwrap_or("\n");
        // One walk: a node's kind is read while the node is in the cache (a 50 MB file's tree
        // is hundreds of megabytes).
        // The arena holds every node of the tree (and the few comrak took out of it).
        let count = arena.len();
        let (mut nodes, mut kinds) = (Vec::with_capacity(count), Vec::with_capacity(count));
        let mut top_level = Vec::new();
        // In document order (`root.descendants()`'s), by hand: its walk tells each edge of
        // the tree, entering and leaving, with a branch each that goes either way.
        let mut node = root;
        let mut depth = 0usize;
        'walk: loop {
            if depth == 1 {
                top_level.push(nodes.len());
            }
            nodes.push(node);
            kinds.push(Kinds::of(&node.data().value));
            if let Some(child) = node.first_child() {
                node = child;
                depth += 1;
                continue;
            }
            // Up to the first ancestor (or the node itself) with a next sibling.
            while depth > 0 {
                if let Some(next) = node.next_sibling() {
                    node = next;
                    continue 'walk;
                }
                node = node.parent().expect("a node under the root has a parent");
                depth -= 1;
            }
            break;
        }
        let window = Cell::new((0, nodes.len()));
        let by_kind = ByKind::new(&kinds);
        let mut doc = Document {
            source,
            lines: LineIndex::new(source),
            root,
            nodes,
            kinds,
            by_kind,
            top_level,
            window,
            window_bytes: Cell::new((0, source.len())),
            outline: Outline::default(),
            line_ending,
            path: None,
            verbatim: Vec::new(),
            unplaced: Vec::new(),
            raw_link_states: std::cell::OnceCell::new(),
            footnote_marks: std::cell::OnceCell::new(),
        };
        let shifted = doc.place_inlines_after_definitions();
        doc.unplace_misplaced_inlines(&shifted);
        if !doc.unplaced.is_empty() {
            // Their inlines have no kind now.
            doc.by_kind = ByKind::new(&doc.kinds);
        }
        doc.verbatim = doc.verbatim_lines();
        let headings = root
            .children()
            .filter_map(|node| doc.heading(node))
            .collect();
        doc.outline = Outline::new(headings);
        doc
    }

    /// Whether the text holds a `[^`, which footnote references and definitions start with:
    /// most files have none. One search of the text for every rule that asks.
    pub fn may_hold_footnotes(&self) -> bool {
        *self
            .footnote_marks
            .get_or_init(|| memchr::memmem::find(self.source.as_bytes(), b"[^").is_some())
    }

    /// Whether the text at `at` may be inside a link that raw HTML opened (`<a href=x>` and no
    /// `</a>` since; a browser keeps it open into the next paragraphs too): there a change of
    /// text changes a link's text, which the verifier holds to the rule's declaration (the
    /// linter drops such fixes of the rules that do not declare it). Read as the verifier
    /// reads the page: the last link tag of raw HTML before `at` says.
    pub fn in_raw_link(&self, at: usize) -> bool {
        let states = self.raw_link_states.get_or_init(|| self.raw_link_states());
        let before = states.partition_point(|&(start, _)| start < at);
        before > 0 && states[before - 1].1
    }

    fn raw_link_states(&self) -> Vec<(usize, bool)> {
        if memchr::memmem::find(self.source.as_bytes(), b"<a").is_none() {
            return Vec::new(); // Most files: no raw link, and no walk.
        }
        let mentions = |text: &str| text.contains("<a") || text.contains("</a>");
        let mut states: Vec<(usize, bool)> = self
            .nodes_of_each(Kinds::HTML_INLINE | Kinds::HTML_BLOCK)
            .filter_map(|node| {
                let data = node.data();
                let literal = match &data.value {
                    NodeValue::HtmlInline(literal) => literal.as_str(),
                    NodeValue::HtmlBlock(block) => block.literal.as_str(),
                    _ => return None,
                };
                mentions(literal).then(|| {
                    let open = crate::verify::may_end_in_link(literal);
                    (self.node_start(node), open)
                })
            })
            .collect();
        // Blocks whose inlines have no kind (see `unplaced`): any `<a` opens, none closes.
        for block in &self.unplaced {
            let text = &self.source[block.clone()];
            if memchr::memmem::find_iter(text.as_bytes(), b"<a")
                .any(|i| crate::verify::opens_link(&text[i..]))
            {
                states.push((block.start, true));
            }
        }
        states.sort_unstable();
        states
    }

    fn verbatim_lines(&self) -> Vec<bool> {
        let count = self.lines.line_count(self.source);
        let mut verbatim = vec![false; count + 2];
        for node in self.nodes_of_each(Kinds::CODE_BLOCK | Kinds::HTML_BLOCK) {
            let pos = node.data().sourcepos;
            // A fence left open in a container runs to the container's end, but comrak
            // ends its position at the fence line: its content (line endings kept) says
            // how many lines it has.
            // So does an HTML block (of the kinds that end at a marker) left open, whose
            // content starts on its first line; a closed one's content ends where its
            // position does.
            let lines = |text: &str| {
                let ends = |e: &str| text.matches(e).count();
                ends("\n") + ends("\r") - ends("\r\n")
            };
            let open_end = match &node.data().value {
                NodeValue::CodeBlock(c) if c.fenced && !c.closed => {
                    pos.start.line + lines(&c.literal)
                }
                NodeValue::HtmlBlock(h) => (pos.start.line + lines(&h.literal)).saturating_sub(1),
                _ => 0,
            };
            let end = pos.end.line.max(open_end).min(count);
            if pos.start.line <= end {
                verbatim[pos.start.line..=end].fill(true);
            }
        }
        verbatim
    }

    /// comrak counts the lines of a paragraph's inline nodes from the first line after the
    /// link reference definitions it starts with (`[e]: /u` then `a  ` has its hard break on
    /// line 1): those nodes are moved down by the lines the definitions take, which is how far
    /// the last of them ends above the paragraph's end (they end on its last line). After a
    /// definition of several lines comrak's columns can be off too: edits check the text they
    /// replace, so a wrong range gets no fix. Returns the blocks moved, by index in `nodes`.
    fn place_inlines_after_definitions(&self) -> Vec<usize> {
        let mut shifted = Vec::new();
        for at in self.indices_between_each(self.whole(), Kinds::PARAGRAPH | Kinds::HEADING) {
            let block = self.nodes[at];
            let pos = block.data().sourcepos;
            if !self.source[self.range(pos)].starts_with('[') {
                continue;
            }
            let inlines = block.descendants().skip(1);
            let Some(last_line) = inlines.map(|n| n.data().sourcepos.end.line).max() else {
                continue;
            };
            // A setext heading's last line is its underline.
            let setext = matches!(&block.data().value, NodeValue::Heading(h) if h.setext);
            let end_line = pos.end.line - usize::from(setext);
            let Some(shift) = end_line.checked_sub(last_line).filter(|&s| s > 0) else {
                continue;
            };
            for inline in block.descendants().skip(1) {
                let mut data = inline.data_mut();
                data.sourcepos.start.line += shift;
                data.sourcepos.end.line += shift;
            }
            shifted.push(at);
        }
        shifted
    }

    /// comrak counts no line ending between a link's `](` and its `)` (nor in a reference's
    /// label): after a link whose destination, title or `)` is on another line, the inlines
    /// on its last line are placed on its first, past the line's end, those on the lines
    /// after a line too high for each, and the link ends before its `)` (nor is the move of
    /// [`Document::place_inlines_after_definitions`] right in a block holding such a link).
    /// A rule reading the source at such a node's place would read other text (a URL for a
    /// word, a code span's spaces for a line's): from the first node whose source is not what
    /// it is (a link written with brackets that does not end with `)` or `]`; in a moved block
    /// also a text whose source is not its text, a code span not in backticks, inline HTML
    /// not in `<...>`, a link starting with neither a bracket nor `<` nor its URL), the
    /// block's inlines lose their kind, and the block is recorded in `unplaced`.
    fn unplace_misplaced_inlines(&mut self, shifted: &[usize]) {
        // By index in `nodes`: the first misplaced node of a block, in document order.
        let mut firsts: Vec<usize> = self
            .indices_between_each(self.whole(), Kinds::LINK | Kinds::IMAGE)
            .filter(|&i| !self.placed(self.nodes[i], false))
            .collect();
        for &at in shifted {
            let inlines = self.nodes[at].descendants().skip(1);
            if let Some(offset) = inlines.map(|n| self.placed(n, true)).position(|ok| !ok) {
                firsts.push(at + 1 + offset);
            }
        }
        firsts.sort_unstable();
        let mut done = 0; // `nodes` up to here are unplaced, or in a block already done
        for first in firsts {
            if first < done {
                continue;
            }
            let node = self.nodes[first];
            let Some(block) = node.ancestors().find(|a| a.data().value.contains_inlines()) else {
                continue;
            };
            // The block's nodes follow it in `nodes`, in the order of `descendants`.
            let after = block.descendants().skip_while(|&n| !std::ptr::eq(n, node));
            done = first + after.count();
            for kind in &mut self.kinds[first..done] {
                *kind = Kinds(0);
            }
            self.unplaced.push(self.node_range(block));
        }
        // comrak moves footnote definitions to the end of the tree.
        self.unplaced.sort_by_key(|r| (r.start, r.end));
    }

    /// Whether the source at `node`'s place is what the node is (see
    /// [`Document::unplace_misplaced_inlines`]): only links written with brackets are asked
    /// about unless `every_kind`.
    fn placed(&self, node: Node<'_>, every_kind: bool) -> bool {
        let text = self.text(self.node_range(node));
        match &node.data().value {
            NodeValue::Link(link) | NodeValue::Image(link) => {
                if text.starts_with('[') || text.starts_with("![") {
                    text.ends_with([')', ']'])
                } else {
                    !every_kind
                        || (text.starts_with('<') && text.ends_with('>'))
                        || (!text.is_empty() && link.url.ends_with(text))
                }
            }
            _ if !every_kind => true,
            // Escapes and entities make a text's source differ from it.
            NodeValue::Text(literal) => text == literal.as_ref() || text.contains(['\\', '&']),
            NodeValue::Code(_) => text.len() > 1 && text.starts_with('`') && text.ends_with('`'),
            NodeValue::HtmlInline(_) => text.starts_with('<') && text.ends_with('>'),
            _ => true,
        }
    }

    /// The nodes of `kinds`, in document order.
    pub fn nodes_of(&self, kinds: Kinds) -> impl Iterator<Item = Node<'a>> + '_ {
        self.nodes_between(self.whole(), kinds)
    }

    /// The nodes of `kinds`, kind after kind (each in document order): for the callers to
    /// whom the order is nothing, without a test of every node (of several kinds, which way
    /// each goes is all but random: a branch often mispredicted).
    pub fn nodes_of_each(&self, kinds: Kinds) -> impl Iterator<Item = Node<'a>> + '_ {
        self.indices_between_each(self.whole(), kinds)
            .map(|i| self.nodes[i])
    }

    /// The indices in `nodes[start..end]` of the nodes of `kinds`, kind after kind.
    fn indices_between_each(
        &self,
        window: (usize, usize),
        kinds: Kinds,
    ) -> impl Iterator<Item = usize> + '_ {
        (0..u16::BITS)
            .map(|bit| Kinds(1 << bit))
            .filter(move |kind| kinds.0 & kind.0 != 0)
            .flat_map(move |kind| self.kind_between(window, kind).iter().map(|&i| i as usize))
    }

    /// The indices in `nodes[start..end]` of the nodes of one kind.
    fn kind_between(&self, (start, end): (usize, usize), kind: Kinds) -> &[u32] {
        let list = self.by_kind.of(kind);
        let from = list.partition_point(|&i| (i as usize) < start);
        let to = from + list[from..].partition_point(|&i| (i as usize) < end);
        &list[from..to]
    }

    /// The nodes of `kinds` among `nodes[start..end]`.
    fn nodes_between(&self, (start, end): (usize, usize), kinds: Kinds) -> NodesOf<'_, 'a> {
        if !kinds.0.is_power_of_two() {
            let nodes = self.nodes[start..end].iter().zip(&self.kinds[start..end]);
            return NodesOf::Kinds(nodes, kinds);
        }
        // `kind_between`'s lines, written out: calling it here changed what the compiler
        // inlines into the rules' loops (+1.2 M instructions on many-1M).
        let list = self.by_kind.of(kinds);
        let from = list.partition_point(|&i| (i as usize) < start);
        let to = from + list[from..].partition_point(|&i| (i as usize) < end);
        NodesOf::Kind(list[from..to].iter(), &self.nodes)
    }

    /// The nodes of `kinds` in the window being checked, in document order: a windowed rule
    /// ([`crate::rules::RuleInfo::windowed`]) iterates these, and reaches any other node only
    /// from one of them. All nodes but while [`crate::linter`] checks a window.
    pub fn nodes_in_window(&self, kinds: Kinds) -> impl Iterator<Item = Node<'a>> + '_ {
        self.nodes_between(self.window.get(), kinds)
    }

    /// [`Document::nodes_in_window`] kind after kind, as [`Document::nodes_of_each`].
    pub fn nodes_in_window_each(&self, kinds: Kinds) -> impl Iterator<Item = Node<'a>> + '_ {
        self.indices_between_each(self.window.get(), kinds)
            .map(|i| self.nodes[i])
    }

    /// The byte range of the source that holds the window's nodes (or more of it).
    pub fn window_range(&self) -> Range<usize> {
        let (start, end) = self.window_bytes.get();
        start..end
    }

    /// [`Document::window_range`] of `window`, made once a window: most windowed rules ask.
    fn bytes_of_window(&self, (start, end): (usize, usize)) -> Range<usize> {
        if (start, end) == (0, self.nodes.len()) {
            return 0..self.source.len();
        }
        // The window's top-level blocks, which hold its other nodes. comrak moves footnote
        // definitions to the end of the tree: the blocks need not be in source order.
        let first = self.top_level.partition_point(|&i| i < start);
        let last = self.top_level.partition_point(|&i| i < end);
        self.top_level[first..last]
            .iter()
            .map(|&i| self.node_range(self.nodes[i]))
            .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
            .unwrap_or(0..0)
    }

    /// Windows of whole top-level blocks with at least `min_nodes` nodes each (but the last),
    /// covering every node but the root, in order.
    pub(crate) fn windows(&self, min_nodes: usize) -> Vec<(usize, usize)> {
        let mut windows = Vec::new();
        let mut start = 1; // after the root, `nodes[0]`
        for &at in &self.top_level {
            if at - start >= min_nodes.max(1) {
                windows.push((start, at));
                start = at;
            }
        }
        if start < self.nodes.len() || windows.is_empty() {
            windows.push((start, self.nodes.len()));
        }
        windows
    }

    /// Sets the window [`Document::nodes_in_window`] reads.
    pub(crate) fn set_window(&self, window: (usize, usize)) {
        self.window.set(window);
        let bytes = self.bytes_of_window(window);
        self.window_bytes.set((bytes.start, bytes.end));
    }

    /// The window of the whole document.
    pub(crate) fn whole(&self) -> (usize, usize) {
        (0, self.nodes.len())
    }

    /// Whether 1-based `line` belongs to a code block or an HTML block.
    pub fn is_verbatim_line(&self, line: usize) -> bool {
        self.verbatim.get(line).copied().unwrap_or(false)
    }

    /// The same document, whose edits end lines with `ending` when its own text has no line
    /// ending to follow: a fix that removed a file's only line ending must not change its style.
    pub fn with_line_ending_of(mut self, ending: Option<&'static str>) -> Self {
        if let (None, Some(ending)) = (line_ending_of(self.source), ending) {
            self.line_ending = ending;
        }
        self
    }

    /// The same document, read from `path`.
    pub fn with_path(mut self, path: Option<&'a Path>) -> Self {
        self.path = path;
        self
    }

    fn heading(&self, node: Node<'a>) -> Option<Heading<'a>> {
        let NodeValue::Heading(h) = node.data().value else {
            return None;
        };
        let range = self.node_range(node);
        let content = if h.setext {
            let first_line = self.line_range(self.line_of(range.start));
            trim_range(self.source, first_line)
        } else {
            let line = &self.source[range.clone()];
            let hashes = line.trim_start().len() - line.trim_start_matches('#').len();
            let start = range.start + (line.len() - line.trim_start().len()) + hashes;
            let mut content = trim_range(self.source, start..range.end);
            // A closing sequence (`## Title ##`) is not content.
            let text = &self.source[content.clone()];
            let closed = text.trim_end_matches('#');
            if closed.len() < text.len() && (closed.is_empty() || closed.ends_with([' ', '\t'])) {
                content = trim_range(self.source, content.start..content.start + closed.len());
            }
            content
        };
        Some(Heading {
            node,
            level: h.level,
            setext: h.setext,
            text: trimmed(plain_text(node)),
            range,
            content,
        })
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.lines.line_start(self.source, line)
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset)
    }

    /// The lines holding the given offsets (in ascending order).
    pub fn marked_lines(&self, offsets: impl IntoIterator<Item = usize>) -> MarkedLines {
        let mut lines: Vec<usize> = Vec::new();
        for at in offsets {
            let line = self.line_of(at);
            if lines.last() != Some(&line) {
                lines.push(line);
            }
        }
        MarkedLines(lines)
    }

    pub fn line_range(&self, line: usize) -> Range<usize> {
        self.lines.line_range(self.source, line)
    }

    pub fn full_line_range(&self, line: usize) -> Range<usize> {
        self.line_start(line)..self.line_start(line + 1)
    }

    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(self.source, offset)
    }

    /// A comrak `Sourcepos` (1-based, inclusive end, byte columns) as a byte range, clamped to
    /// the text and to char boundaries.
    pub fn range(&self, pos: Sourcepos) -> Range<usize> {
        let start_line = self.line_range(pos.start.line.max(1));
        let start = Self::start_on(&start_line, pos);
        // The end column is inclusive: one past it, but never past the line's text.
        let end_line = if pos.end.line == pos.start.line {
            start_line // Most inline nodes: one line.
        } else {
            self.line_range(pos.end.line.max(1))
        };
        let end = (end_line.start + pos.end.column).min(end_line.end);
        let start = floor_char_boundary(self.source, start);
        let end = ceil_char_boundary(self.source, end.max(start));
        start..end
    }

    /// The start of `pos` on its first line, `line_range`, before it is put on a char boundary.
    fn start_on(line_range: &Range<usize>, pos: Sourcepos) -> usize {
        (line_range.start + pos.start.column.saturating_sub(1)).min(line_range.end)
    }

    pub fn node_range(&self, node: Node<'_>) -> Range<usize> {
        self.range(node.data().sourcepos)
    }

    /// `node_range(node).start`, for the callers that need no more: the end of a block (a list
    /// item) is on another line, far away in the line index.
    pub fn node_start(&self, node: Node<'_>) -> usize {
        let pos = node.data().sourcepos;
        let line_range = self.line_range(pos.start.line.max(1));
        floor_char_boundary(self.source, Self::start_on(&line_range, pos))
    }

    /// The range of the block (paragraph, heading, cell...) holding `node`, or of `node` when
    /// it is a block.
    pub fn block_range(&self, node: Node<'_>) -> Option<Range<usize>> {
        let block = node.ancestors().find(|a| a.data().value.block())?;
        Some(self.node_range(block))
    }

    /// An edit of `range`, only if the range is on char boundaries and holds `expected`: a rule
    /// that computed a wrong range gets no fix rather than a corrupting one. Nor one that would
    /// change line endings it does not hold: a range that starts or ends inside a `\r\n`, or a
    /// result that joins a lone `\r` with a `\n` into one ending (emptying ` ` between a line
    /// ended by `\r` and one ended by `\n` would take a line away).
    pub fn edit(
        &self,
        range: Range<usize>,
        expected: &str,
        replacement: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Option<Edit> {
        if self.source.get(range.clone())? != expected {
            return None;
        }
        let replacement = replacement.into();
        let bytes = self.source.as_bytes();
        let cr_before = range.start > 0 && bytes[range.start - 1] == b'\r';
        let lf_after = bytes.get(range.end) == Some(&b'\n');
        let inside_crlf =
            |at: usize| at > 0 && bytes[at - 1] == b'\r' && bytes.get(at) == Some(&b'\n');
        let joins = (cr_before && replacement.starts_with('\n'))
            || (lf_after && replacement.ends_with('\r'))
            || (cr_before && lf_after && replacement.is_empty());
        (!joins && !inside_crlf(range.start) && !inside_crlf(range.end))
            .then(|| Edit::replace(range, replacement))
    }

    /// The source text of `range`.
    pub fn text(&self, range: Range<usize>) -> &'a str {
        &self.source[range]
    }
}

/// The plain text of a node's inline content (text and code spans).
pub fn plain_text(node: Node<'_>) -> String {
    // Measured first: made in one allocation, without regrowing.
    let mut len = 0;
    plain_text_pieces(node, |piece| len += piece.len());
    let mut out = String::with_capacity(len);
    plain_text_pieces(node, |piece| out.push_str(piece));
    out
}

/// `text` trimmed, in place when nothing is to trim (most headings).
fn trimmed(text: String) -> String {
    let trim = text.trim();
    if trim.len() == text.len() {
        text
    } else {
        trim.to_string()
    }
}

/// [`plain_text`] piece by piece, without building it: each text and code span, and a space
/// for each line break.
pub fn plain_text_pieces(node: Node<'_>, mut piece: impl FnMut(&str)) {
    for n in node.descendants() {
        match &n.data().value {
            NodeValue::Text(t) => piece(t),
            NodeValue::Code(c) => piece(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => piece(" "),
            _ => {}
        }
    }
}

/// Whether `node` is inside a node for which `pred` holds.
pub fn has_ancestor(node: Node<'_>, pred: impl Fn(&NodeValue) -> bool) -> bool {
    node.ancestors().skip(1).any(|a| pred(&a.data().value))
}

/// Lines that hold something a rule looks for (a byte, a mark): a node on none of them (most)
/// is passed over without turning its position into bytes, since its range lies on its lines.
pub struct MarkedLines(Vec<usize>);

impl MarkedLines {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether one of the lines is one of `node`'s.
    pub fn touch(&self, node: Node<'_>) -> bool {
        let lines = node.data().sourcepos;
        let next = self.0.partition_point(|&l| l < lines.start.line);
        self.0.get(next).is_some_and(|&l| l <= lines.end.line)
    }
}

/// Where each line starts, to turn offsets into lines and back. Lines end as CommonMark (and
/// so comrak's line numbers) says: at `\n`, `\r\n` or a lone `\r`.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Where each line starts, and where its text ends (before its line ending), side by side:
    /// rules ask for line ranges (and `Document::range` for two a node) far more often than
    /// there are lines, and a range is then one read.
    lines: Vec<(usize, usize)>,
    /// The number of chars before each multiple of [`CHUNK`] bytes, so that a column is counted
    /// from the nearest one: on a 1 MB line, every column costs at most a chunk's scan.
    /// Made on first use: only columns on lines longer than a chunk need it.
    chars_before_chunk: std::sync::OnceLock<Vec<usize>>,
}

const CHUNK: usize = 1024;

/// Chars in `bytes`, by counting the bytes that start one (any slice, even mid-char).
fn count_chars(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Eight bytes at a time: a continuation byte is `10xxxxxx`, its top bit set and the bit
    // below clear (`word << 1` brings that bit up); their marks are summed by a multiplication.
    let (chunks, rest) = bytes.as_chunks::<8>();
    let mut continuations = 0;
    for chunk in chunks {
        let word = u64::from_le_bytes(*chunk);
        let marks = (word & !(word << 1) & HIGH) >> 7;
        continuations += (marks.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
    }
    continuations += rest.iter().filter(|&&b| (b as i8) < -0x40).count();
    bytes.len() - continuations
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        // Notes lines average some 60 bytes: reserving for that avoids most regrowth.
        let mut lines = Vec::with_capacity(source.len() / 48 + 1);
        let mut start = 0;
        let mut line_ends_at = |end: usize, next: usize| {
            lines.push((start, end));
            start = next;
        };
        if memchr::memchr(b'\r', bytes).is_none() {
            // Most files: a line ends before each `\n` (a search for one byte is the faster).
            for i in memchr::memchr_iter(b'\n', bytes) {
                line_ends_at(i, i + 1);
            }
        } else {
            // A line ends before `\r\n`, `\n` or a lone `\r`.
            for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
                match bytes[i] {
                    b'\n' if i > 0 && bytes[i - 1] == b'\r' => line_ends_at(i - 1, i + 1),
                    b'\n' => line_ends_at(i, i + 1),
                    _ if bytes.get(i + 1) == Some(&b'\n') => {}
                    _ => line_ends_at(i, i + 1),
                }
            }
        }
        lines.push((start, bytes.len()));
        LineIndex {
            lines,
            chars_before_chunk: std::sync::OnceLock::new(),
        }
    }

    /// Chars in `source[..offset]`.
    fn chars_before(&self, source: &str, offset: usize) -> usize {
        let checkpoints = self.chars_before_chunk.get_or_init(|| {
            let mut checkpoints = vec![0];
            for chunk in source.as_bytes().chunks(CHUNK) {
                checkpoints.push(checkpoints.last().unwrap_or(&0) + count_chars(chunk));
            }
            checkpoints
        });
        let chunk = offset / CHUNK;
        checkpoints[chunk] + count_chars(&source.as_bytes()[chunk * CHUNK..offset])
    }

    /// The byte offset where 1-based `line` starts (the end of the text past the last line).
    pub fn line_start(&self, source: &str, line: usize) -> usize {
        self.lines
            .get(line.saturating_sub(1))
            .map_or(source.len(), |&(start, _)| start)
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.partition_point(|&(start, _)| start <= offset)
    }

    /// The number of lines (a final line ending does not open a new line).
    pub fn line_count(&self, source: &str) -> usize {
        let n = self.lines.len();
        if n > 1 && self.lines[n - 1].0 == source.len() {
            n - 1
        } else {
            n
        }
    }

    /// The bytes of 1-based `line`, without its line ending (an empty range at the end of the
    /// text past the last line, at 0 for line 0).
    pub fn line_range(&self, source: &str, line: usize) -> Range<usize> {
        match line.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some(&(start, end)) => start..end,
            None => {
                let at = self.line_start(source, line);
                at..at
            }
        }
    }

    /// 1-based line and 1-based column in characters, for display.
    pub fn line_col(&self, source: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(source.len());
        self.column_on(source, offset, self.line_of(offset))
    }

    /// [`Self::line_col`] of offsets that mostly come in ascending order (a file's sorted
    /// diagnostics): the line is looked for from `hint`, the last line found, onward.
    pub fn line_col_from(&self, source: &str, offset: usize, hint: &mut usize) -> (usize, usize) {
        let offset = offset.min(source.len());
        *hint = self.line_of_from(*hint, offset);
        self.column_on(source, offset, *hint)
    }

    /// [`Self::line_of`], looked for from `line` on when it starts at or before `offset`: a
    /// few lines a step, then a binary search of the rest.
    fn line_of_from(&self, mut line: usize, offset: usize) -> usize {
        let starts_before = |line: usize| self.lines.get(line).is_some_and(|&(s, _)| s <= offset);
        if line == 0 || !starts_before(line - 1) {
            return self.line_of(offset);
        }
        for _ in 0..8 {
            if !starts_before(line) {
                return line;
            }
            line += 1;
        }
        line + self.lines[line.min(self.lines.len())..].partition_point(|&(s, _)| s <= offset)
    }

    fn column_on(&self, source: &str, offset: usize, line: usize) -> (usize, usize) {
        let start = self.line_start(source, line);
        let column = if !source.is_char_boundary(offset) {
            offset - start
        } else if offset - start <= CHUNK {
            // A short line: its own bytes are fewer than a checkpoint's scan.
            count_chars(&source.as_bytes()[start..offset])
        } else {
            self.chars_before(source, offset) - self.chars_before(source, start)
        };
        (line, column + 1)
    }
}

/// The first line ending of `text` (`\n`, `\r\n` or a lone `\r`), if it has one.
pub fn line_ending_of(text: &str) -> Option<&'static str> {
    let rest = &text[text.find(['\r', '\n'])?..];
    Some(if rest.starts_with("\r\n") {
        "\r\n"
    } else if rest.starts_with('\r') {
        "\r"
    } else {
        "\n"
    })
}

fn trim_range(source: &str, range: Range<usize>) -> Range<usize> {
    let text = &source[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.start + text.trim_end().len();
    start..end.max(start)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_link<'a>(doc: &Document<'a>) -> Node<'a> {
        doc.nodes
            .iter()
            .copied()
            .find(|n| matches!(n.data().value, NodeValue::Link(_)))
            .expect("the text has a link")
    }

    #[test]
    fn sourcepos_becomes_byte_range_with_crlf_and_multibyte() {
        let arena = Arena::new();
        let src = "# Tïtle\r\n\r\n## 2025-01-01 ##\r\n\r\nsee https://x.org.\r\n";
        let doc = Document::parse(&arena, src);
        let h = &doc.outline.headings;
        assert_eq!(doc.text(h[0].range.clone()), "# Tïtle");
        assert_eq!(doc.text(h[0].content.clone()), "Tïtle");
        assert_eq!(doc.text(h[1].content.clone()), "2025-01-01");
        assert_eq!(doc.outline.meetings.len(), 1);
        let link = first_link(&doc);
        assert_eq!(doc.text(doc.node_range(link)), "https://x.org");
        assert_eq!(doc.line_col(h[1].range.start), (3, 1));
        assert_eq!(doc.lines.line_count(src), 5);
    }

    /// A heading's text is its pieces joined, trimmed: kept as made when there is nothing to
    /// trim.
    #[test]
    fn heading_text_is_its_plain_text_trimmed() {
        let arena = Arena::new();
        let doc = Document::parse(&arena, "# a *b* `c`\n\n## &#32;d&#32;\n");
        let texts: Vec<&str> = doc
            .outline
            .headings
            .iter()
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(texts, ["a b c", "d"]);
        assert_eq!(trimmed("x y".to_string()), "x y");
        assert_eq!(trimmed(" \tx y ".to_string()), "x y");
    }

    #[test]
    fn iso_dates_are_exact_and_real() {
        assert_eq!(Date::parse_iso("2024-02-29"), Date::new(2024, 2, 29));
        assert!(Date::parse_iso("2024-02-29").is_some());
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-04-31",
            "2025-10-1",
            "2025/10/01",
            "x2025-10-01",
        ] {
            assert_eq!(Date::parse_iso(bad), None, "{bad}");
        }
        assert_eq!(Date::new(2025, 9, 2).unwrap().to_string(), "2025-09-02");
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_as_in_commonmark() {
        let arena = Arena::new();
        let src = "# T\r\r## 2025-01-01\r\rsee https://x.org.\r";
        let doc = Document::parse(&arena, src);
        assert_eq!(doc.line_ending, "\r");
        assert_eq!(doc.lines.line_count(src), 5);
        assert_eq!(doc.text(doc.line_range(3)), "## 2025-01-01");
        let h = &doc.outline.headings;
        assert_eq!(doc.text(h[1].content.clone()), "2025-01-01");
        let link = first_link(&doc);
        assert_eq!(doc.text(doc.node_range(link)), "https://x.org");
        assert_eq!(doc.line_col(doc.node_range(link).start), (5, 5));
    }

    /// Looking for lines from the last one found gives what a search of every line gives, for
    /// offsets in order and out of it: every text of up to 6 chars of `a`, `\n`, `é`.
    #[test]
    fn line_col_from_a_hint_is_line_col() {
        crate::every_string(&['a', '\n', 'é'], 6, |text| {
            let lines = LineIndex::new(text);
            let mut hint = 0;
            let offsets = (0..=text.len() + 1)
                .chain((0..=text.len()).rev())
                .chain([0, 3, 1]);
            for offset in offsets {
                assert_eq!(
                    lines.line_col_from(text, offset, &mut hint),
                    lines.line_col(text, offset),
                    "{text:?} at {offset}"
                );
            }
        });
        // Steps of more lines than are looked at one by one.
        let text = "a\n".repeat(40);
        let lines = LineIndex::new(&text);
        for step in [1, 15, 16, 17, 33] {
            let mut hint = 0;
            for offset in (0..=text.len()).step_by(step) {
                let found = lines.line_col_from(&text, offset, &mut hint);
                assert_eq!(
                    found,
                    lines.line_col(&text, offset),
                    "step {step} at {offset}"
                );
            }
        }
    }

    /// A node touches the marked lines when one of them is among its first to its last line.
    #[test]
    fn marked_lines_touch_the_nodes_on_them() {
        let text = "one\n\ntwo\nthree\nfour\n\nfive\n";
        let arena = Arena::new();
        let doc = Document::parse(&arena, text);
        let paragraphs: Vec<_> = doc.nodes_of(Kinds::PARAGRAPH).collect();
        let touched = |offsets: &[usize]| -> Vec<bool> {
            let lines = doc.marked_lines(offsets.iter().copied());
            paragraphs.iter().map(|&p| lines.touch(p)).collect()
        };
        let at = |s: &str| text.find(s).expect("in the text");
        assert_eq!(touched(&[]), [false, false, false]);
        assert_eq!(touched(&[at("three")]), [false, true, false]);
        assert_eq!(touched(&[at("two"), at("four")]), [false, true, false]);
        assert_eq!(touched(&[at("one"), at("five")]), [true, false, true]);
        assert_eq!(touched(&[at("four") + 4]), [false, true, false]);
        assert_eq!(touched(&[at("four") + 5]), [false, false, false]);
    }

    /// Line ranges against their plain statement: from the line's start to the next line's,
    /// less the line ending; every text of up to 6 chars of `a`, `\r`, `\n`, every line.
    #[test]
    fn line_ranges_are_lines_without_their_endings() {
        crate::every_string(&['a', '\r', '\n'], 6, |text| {
            let lines = LineIndex::new(text);
            for line in 0..lines.line_count(text) + 3 {
                let start = lines.line_start(text, line);
                let next = lines.line_start(text, line + 1);
                let body = &text[start..next.max(start)];
                let body = body
                    .strip_suffix("\r\n")
                    .or_else(|| body.strip_suffix(['\n', '\r']))
                    .unwrap_or(body);
                let expected = start..start + body.len();
                assert_eq!(
                    lines.line_range(text, line),
                    expected,
                    "{text:?} line {line}"
                );
            }
        });
    }

    /// Chars counted eight bytes at a time are the bytes that start one, in any slice (even
    /// one that starts or ends inside a char).
    #[test]
    fn chars_counted_by_the_bytes_that_start_one() {
        crate::every_string(&['a', 'é', '€', '😀'], 5, |text| {
            let bytes = text.as_bytes();
            for start in 0..=bytes.len() {
                for end in start..=bytes.len() {
                    let slice = &bytes[start..end];
                    let starts = slice.iter().filter(|&&b| (b as i8) >= -0x40).count();
                    assert_eq!(count_chars(slice), starts, "{text:?} {start}..{end}");
                }
            }
        });
    }

    #[test]
    fn columns_count_chars_across_chunks() {
        let line = "é".repeat(CHUNK) + "x" + &"a".repeat(3 * CHUNK);
        let src = format!("ab\n{line}\n");
        let index = LineIndex::new(&src);
        let x = src.find('x').unwrap();
        assert_eq!(index.line_col(&src, x), (2, CHUNK + 1));
        assert_eq!(index.line_col(&src, src.len() - 1), (2, 4 * CHUNK + 2));
        assert_eq!(index.line_col(&src, 1), (1, 2));
        for offset in (0..src.len())
            .filter(|&o| src.is_char_boundary(o))
            .step_by(97)
        {
            let start = index.line_start(&src, index.line_of(offset));
            let expected = src[start..offset].chars().count() + 1;
            assert_eq!(index.line_col(&src, offset).1, expected, "at {offset}");
        }
    }

    #[test]
    fn edit_refuses_a_range_that_does_not_hold_the_expected_text() {
        let arena = Arena::new();
        let doc = Document::parse(&arena, "é x\n");
        assert!(doc.edit(0..1, "é", "e").is_none(), "not a char boundary");
        assert!(doc.edit(0..2, "e", "e").is_none(), "different text");
        assert!(doc.edit(0..2, "é", "e").is_some());
    }

    /// Every text node's range holds its text, and the hard break is on its line, after a
    /// definition, in a list, a quote and a setext heading; after a definition of three lines,
    /// the hard break is on its line (comrak's columns on the next line are off by two there).
    #[test]
    fn inlines_after_link_definitions_are_where_their_text_is() {
        for src in [
            "[e]:t\ne  \ns",
            "- [e]:t\n  ab  \n  s *c*\n",
            "> [e]:t\n> ab  \n> s\n",
            "[e]: /u\nab\n===\n",
        ] {
            let arena = Arena::new();
            let doc = Document::parse(&arena, src);
            for node in doc.nodes_of(Kinds::TEXT | Kinds::LINE_BREAK) {
                let text = doc.text(doc.node_range(node));
                match &node.data().value {
                    NodeValue::Text(literal) => assert_eq!(text, &**literal, "{src:?}"),
                    _ => assert_eq!(text, "  ", "{src:?}"),
                }
            }
        }
        let arena = Arena::new();
        let doc = Document::parse(&arena, "> [e]:\n>   t\n>   'x'\n> ab  \n> s\n");
        let hard_break = doc
            .nodes_of(Kinds::LINE_BREAK)
            .next()
            .expect("a hard break");
        assert_eq!(hard_break.data().sourcepos.start.line, 4);
    }

    /// comrak counts no line ending between a link's `](` and `)` (nor in a reference's
    /// label): from such a link on, a block's inlines have no kind, and the block is unplaced.
    /// Links closed on their line, with their text over lines, autolinks, references and text
    /// after definitions are placed.
    #[test]
    fn inlines_after_a_link_closed_on_another_line_are_unplaced() {
        for src in [
            "x [a](/u\n) y `c  \nd`\n",
            "x [a](\n/u) y\n",
            "x [a][b\nc] y\n\n[b c]: /u\n",
            "x ![a](/u \"t\nx\") y\n",
            "- x [a](/u\n  ) y\n",
            "> x [a](/u\n> ) y\n",
            "[e]: /u\nx [a](/v\n) y\n",
        ] {
            let arena = Arena::new();
            let doc = Document::parse(&arena, src);
            let paragraph = doc.nodes_of(Kinds::PARAGRAPH).last().expect("a paragraph");
            assert_eq!(doc.unplaced, [doc.node_range(paragraph)], "{src:?}");
            let kinds = Kinds::LINK | Kinds::IMAGE | Kinds::CODE;
            assert_eq!(doc.nodes_of(kinds).count(), 0, "{src:?}");
            let texts: Vec<_> = doc
                .nodes_of(Kinds::TEXT)
                .map(|n| doc.node_range(n))
                .collect();
            assert!(texts.iter().all(|r| &src[r.clone()] == "x "), "{src:?}");
        }
        for src in [
            "x [a](/u) y `c  \nd`\n",
            "x [a\nb](/u) y\n",
            "<https://x.org> and https://y.org, www.z.org or a@b.org y\n",
            "x [a] y [b][] z\n\n[a]: /u\n[b]: /v\n",
            "[e]: /u\nx [a](/v) y\n",
        ] {
            let arena = Arena::new();
            let doc = Document::parse(&arena, src);
            assert!(doc.unplaced.is_empty(), "{src:?}");
            assert!(doc.nodes_of(Kinds::LINK).count() > 0, "{src:?}");
        }
    }

    #[test]
    fn windows_cover_the_nodes_in_whole_top_level_blocks() {
        let src = "# T\n\n- a\n  - b\n\npara *x*\n\n> q\n";
        let arena = Arena::new();
        let doc = Document::parse(&arena, src);
        let blocks = doc.root.children().count();
        assert_eq!((doc.top_level.len(), blocks), (4, 4));
        for min in [1, 3, 5, 1000] {
            let windows = doc.windows(min);
            assert_eq!(windows[0].0, 1, "{min}");
            assert_eq!(windows.last().unwrap().1, doc.nodes.len(), "{min}");
            for pair in windows.windows(2) {
                assert_eq!(pair[0].1, pair[1].0, "{min}");
                assert!(pair[0].1 - pair[0].0 >= min, "{min}");
            }
            // A window starts at a top-level block.
            assert!(
                windows.iter().all(|w| doc.top_level.contains(&w.0)),
                "{min}"
            );
        }
        assert_eq!(doc.windows(1).len(), 4);
        assert_eq!(doc.windows(1000), vec![(1, doc.nodes.len())]);
        // In a window, a windowed rule sees that window's nodes, and the text that holds them.
        let (start, end) = doc.windows(1)[1];
        doc.set_window((start, end));
        let items = doc.nodes_in_window(Kinds::ITEM).count();
        assert_eq!(items, 2);
        assert_eq!(&src[doc.window_range()], "- a\n  - b");
        doc.set_window(doc.whole());
        assert_eq!(doc.window_range(), 0..src.len());
        assert_eq!(doc.nodes_in_window(Kinds::ITEM).count(), 2);
    }

    #[test]
    fn nodes_of_a_kind_are_the_nodes_holding_it_in_order() {
        let arena = Arena::new();
        let src =
            "# T\n\n- [a](u) b\n- <i>c</i> `d`  \n  e\n\n```\nf\n```\n\n|x|\n|-|\n|![g](v)|\n";
        let doc = Document::parse(&arena, src);
        let texts: Vec<_> = doc.nodes_of(Kinds::TEXT).map(|n| plain_text(n)).collect();
        assert_eq!(texts, ["T", "a", " b", "c", " ", "e", "x", "g"]);
        let expected: Vec<_> = (doc.nodes.iter().copied())
            .filter(|n| {
                matches!(
                    n.data().value,
                    NodeValue::Link(_) | NodeValue::Image(_) | NodeValue::LineBreak
                )
            })
            .collect();
        let found: Vec<_> = doc
            .nodes_of(Kinds::LINK | Kinds::IMAGE | Kinds::LINE_BREAK)
            .collect();
        assert_eq!(found.len(), 3);
        assert!(
            found
                .iter()
                .zip(&expected)
                .all(|(a, b)| std::ptr::eq(*a, *b))
        );
        for (kind, count) in [
            (Kinds::ITEM, 2),
            (Kinds::LIST, 1),
            (Kinds::CODE | Kinds::HTML_INLINE, 3),
            (Kinds::CODE_BLOCK, 1),
            (Kinds::TABLE_CELL, 2),
            (Kinds::HEADING, 1),
        ] {
            assert_eq!(doc.nodes_of(kind).count(), count, "{kind:?}");
        }
    }

    /// The nodes of one kind come from its list: the same, in a window or all, as those of
    /// nodes whose kind is that one.
    #[test]
    fn a_kinds_nodes_are_those_of_its_kind() {
        let arena = Arena::new();
        let src = "# T [a](u)\n\n- a `c` <b>\n  - b\\\n  c\n\n\
                   | x | y |\n|---|---|\n| ![i](j) | z |\n\n\
                   <div>\n\n```\nk\n```\n\npara *x* [^f]\n\n[^f]: n\n";
        let doc = Document::parse(&arena, src);
        let windows = doc
            .windows(1)
            .into_iter()
            .chain([doc.whole(), (0, 0), (3, 9)]);
        for window in windows {
            for bit in 0..14 {
                let kind = Kinds(1 << bit);
                let (start, end) = window;
                let expected: Vec<_> = (start..end)
                    .filter(|&i| doc.kinds[i] == kind)
                    .map(|i| doc.nodes[i] as *const _)
                    .collect();
                let found: Vec<_> = doc
                    .nodes_between(window, kind)
                    .map(|n| n as *const _)
                    .collect();
                assert_eq!(found, expected, "{kind:?} in {window:?}");
            }
            // Several kinds, kind after kind.
            let several = Kinds::LINK | Kinds::CODE | Kinds::ITEM;
            let mut found: Vec<usize> = doc.indices_between_each(window, several).collect();
            found.sort_unstable();
            let (start, end) = window;
            let expected: Vec<usize> = (start..end)
                .filter(|&i| doc.kinds[i].0 & several.0 != 0)
                .collect();
            assert_eq!(found, expected, "{several:?} in {window:?}");
        }
        let kinds = (0..14).filter(|&bit| !doc.by_kind.of(Kinds(1 << bit)).is_empty());
        assert_eq!(kinds.count(), 14, "every kind is in the text");
        // The walk is comrak's order, and its top-level blocks the root's children.
        let pointers = |nodes: &mut dyn Iterator<Item = Node<'_>>| -> Vec<*const ()> {
            nodes.map(|n| std::ptr::from_ref(n).cast()).collect()
        };
        let walked = pointers(&mut doc.nodes.iter().copied());
        assert_eq!(walked, pointers(&mut doc.root.descendants()));
        let top = pointers(&mut doc.top_level.iter().map(|&i| doc.nodes[i]));
        assert_eq!(top, pointers(&mut doc.root.children()));
        let several = Kinds::LINK | Kinds::CODE | Kinds::ITEM;
        assert_eq!(doc.nodes_of_each(several).count(), 4);
    }

    #[test]
    fn headings_in_code_and_lists_are_not_outline() {
        let arena = Arena::new();
        let src = "# T\n\n```\n## not a date\n```\n\n- ## in a list\n\n## 2025-01-01\n\n### A\n\n#### Notes\n";
        let doc = Document::parse(&arena, src);
        assert_eq!(doc.outline.headings.len(), 4);
        let m = &doc.outline.meetings[0];
        assert_eq!(doc.outline.heading(m.heading).text, "2025-01-01");
        assert_eq!(m.sections[0].subsections.len(), 1);
    }
}
