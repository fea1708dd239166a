use std::collections::{HashMap, HashSet};

use comrak::nodes::NodeValue;
use serde::Deserialize;

use super::{Configurable, Reporter, Rule, declare_rule};
use crate::document::{Document, Kinds, plain_text};

declare_rule! {
    /// ## What it does
    /// Finds links to an anchor in the same file, `[text](#slug)`, whose slug is not the slug
    /// of any heading in the file.
    ///
    /// Slugs are computed as the docs site computes them (MyST's `heading_anchors`, the same as
    /// GitHub's): the heading's text (text and code, without markup) is trimmed and lowercased,
    /// each space becomes `-`, and every character that is not a letter, a digit, `_` or `-` is
    /// dropped (punctuation, emoji; a `:shortcode:` loses its colons). A slug already taken
    /// gets `-1`, then `-2`, ... Every heading counts, at any level. Anchors set in HTML
    /// (`id="..."` or `name="..."`) count too. The link's slug is compared after decoding
    /// `%xx` escapes. There is no fix; the help names the heading whose slug is closest when
    /// one differs only in case, punctuation or emoji.
    ///
    /// ## Why is this bad?
    /// The docs site is built with warnings as errors: a link to a missing anchor fails the
    /// build. On GitHub the link silently goes nowhere.
    ///
    /// ## Example
    /// ```markdown
    /// ## 2025-10-21
    ///
    /// See the [agenda](#agenda-items).
    ///
    /// ### Agenda :clock2:
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## 2025-10-21
    ///
    /// See the [agenda](#agenda-clock2).
    ///
    /// ### Agenda :clock2:
    /// ```
    ///
    /// ## Options
    /// None.
    pub struct BrokenAnchor;
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

impl Configurable for BrokenAnchor {
    type Options = Options;
    fn new(_: Options) -> Self {
        BrokenAnchor
    }
}

/// A heading's slug as MyST (markdown-it's anchors plugin) and GitHub compute it, before
/// duplicates are numbered.
pub fn slug(title: &str) -> String {
    title
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// Every heading's slug, numbered as the site numbers duplicates.
fn heading_slugs(doc: &Document) -> Vec<(String, String)> {
    let mut taken = HashSet::new();
    // The last counter tried for each slug: slugs are only ever taken, so the first free
    // counter never goes down, and a search resumes where the last one stopped (from 0, a
    // thousand headings of one title cost a million tries).
    let mut last_counter: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for node in doc.nodes_of(Kinds::HEADING) {
        let title = plain_text(node);
        let base = slug(&title);
        // markdown-it's `unique_slug`: try `-1`, `-2`, ... until one is free.
        let mut unique = base.clone();
        if taken.contains(&unique) {
            let counter = last_counter.entry(base.clone()).or_insert(0);
            while taken.contains(&unique) {
                *counter += 1;
                unique = format!("{base}-{counter}");
            }
        }
        taken.insert(unique.clone());
        out.push((unique, title.trim().to_string()));
    }
    out
}

/// `id="..."` and `name="..."` values in raw HTML.
/// A slug with case, punctuation and emoji set aside.
fn loose(slug: &str) -> String {
    slug.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn html_anchors(html: &str, out: &mut HashSet<String>) {
    for attribute in ["id=", "name="] {
        for (i, _) in html.match_indices(attribute) {
            let before = html[..i].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let rest = &html[i + attribute.len()..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
                _ => rest.split([' ', '>', '/']).next(),
            };
            if let Some(value) = value {
                out.insert(value.to_string());
            }
        }
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Rule for BrokenAnchor {
    fn check(&self, doc: &Document, report: &mut Reporter) {
        // Slugs cost a string per heading: only worth it when some link points into the page.
        let has_fragment_link = doc
            .nodes_of(Kinds::LINK)
            .any(|n| matches!(&n.data().value, NodeValue::Link(link) if link.url.starts_with('#')));
        if !has_fragment_link {
            return;
        }
        let headings = heading_slugs(doc);
        let mut anchors: HashSet<String> = headings.iter().map(|(s, _)| s.clone()).collect();
        for node in doc.nodes_of_each(Kinds::HTML_INLINE | Kinds::HTML_BLOCK) {
            match &node.data().value {
                NodeValue::HtmlInline(html) => html_anchors(html, &mut anchors),
                NodeValue::HtmlBlock(block) => html_anchors(&block.literal, &mut anchors),
                _ => {}
            }
        }
        let mut by_loose = None;
        for node in doc.nodes_of(Kinds::LINK) {
            let NodeValue::Link(link) = &node.data().value else {
                continue;
            };
            let Some(fragment) = link.url.strip_prefix('#') else {
                continue;
            };
            let decoded = percent_decode(fragment);
            if anchors.contains(fragment) || anchors.contains(&decoded) {
                continue;
            }
            // A heading whose slug matches once case, punctuation and emoji are set aside
            // (indexed once, at the first broken link: not once per link).
            let by_loose = by_loose.get_or_insert_with(|| {
                let mut index: HashMap<String, Vec<&(String, String)>> = HashMap::new();
                for heading in &headings {
                    index.entry(loose(&heading.0)).or_default().push(heading);
                }
                index
            });
            let wanted = loose(&decoded);
            let close: &[&(String, String)] = match by_loose.get(&wanted) {
                Some(close) if !wanted.is_empty() => close,
                _ => &[],
            };
            let diagnostic = report.report(
                doc.node_range(node),
                format!("no heading in this file has the anchor `#{fragment}`"),
            );
            diagnostic.fix_title = Some(match close {
                [(slug, title)] => {
                    format!("Did you mean `#{slug}` (the heading `{title}`)?").into()
                }
                _ => "Link to an existing heading's anchor, or remove the link".into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_as_the_site_computes_them() {
        assert_eq!(slug("Check-in 💁"), "check-in-");
        assert_eq!(slug("Agenda :clock2:"), "agenda-clock2");
        assert_eq!(
            slug("Notes for Breakout room 1: Jupyter Hub"),
            "notes-for-breakout-room-1-jupyter-hub"
        );
        assert_eq!(slug("2025-10-01"), "2025-10-01");
        assert_eq!(
            slug("Celebrations and Shout-Outs 🎉"),
            "celebrations-and-shout-outs-"
        );
        assert_eq!(slug("What's new?  Ça va"), "whats-new--ça-va");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
    }
}
