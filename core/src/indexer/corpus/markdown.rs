//! Markdown bodies rendered to the plain text a reader sees, with their sections.
//!
//! Parsed with pulldown-cmark (CommonMark, plus tables, strikethrough, task lists,
//! footnotes and heading attributes), at build time only. The text is what indexing and
//! snippets see, so `**bold**` is `bold` and `[the guide](/guide/)` is `the guide`:
//!
//! - block elements (paragraphs, headings, list items, block quotes, code blocks, table
//!   rows, rules) end with a line break; table cells are separated by a space;
//! - inline code and code blocks are kept as text, verbatim;
//! - links keep their text and drop their URL; images become their alt text;
//! - HTML blocks become their visible text (as an HTML page's body is read: tags, comments,
//!   scripts and styles dropped, character references decoded); inline HTML tags are dropped
//!   (`<br>` becomes a line break), the text between them stays;
//! - footnote references and task list markers are dropped; a footnote's text stays where
//!   it is defined.
//!
//! The title is the first level-1 ATX heading (`# Title`), as before the parser: a `# `
//! line inside a code block no longer counts, and the title is the heading's rendered text.
//!
//! **Sections**: every level-2 and level-3 heading with non-empty text starts one, at the
//! byte offset of its text in the rendered body. Its id is the heading's explicit
//! `{#id}` attribute, else the GitHub-style slug of its text:
//! lowercased; letters, digits, combining marks, `-` and `_` kept; each space becomes `-`;
//! every other character (punctuation, symbols, other whitespace) dropped. A slug already
//! used by an earlier heading of the page (any level, explicit ids included) gets `-1`,
//! `-2`, … appended, as GitHub and github-slugger do, so the ids match the anchors that
//! GitHub, VitePress and most static-site generators give those headings. A heading whose
//! slug is empty (only punctuation) has no anchor to link to and starts no section.

use std::collections::HashMap;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::indexer::Section;

/// A Markdown body as text, with its title candidate and its sections.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Rendered {
    pub(super) text: String,
    /// The text of the first level-1 ATX heading, if it has any.
    pub(super) title: Option<String>,
    /// The level-2 and level-3 headings, in order (offsets into `text`).
    pub(super) sections: Vec<Section>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Ends the current line, unless the text is empty or already ends one.
fn break_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// The heading being read: where its text starts, its level, its explicit id, and whether
/// its source starts with `#` (ATX) rather than being underlined (setext).
struct OpenHeading {
    start: usize,
    level: HeadingLevel,
    id: Option<String>,
    atx: bool,
}

/// Renders a Markdown body (after its front matter) to plain text; see the module docs.
pub(super) fn render(source: &str) -> Rendered {
    let mut out = Rendered::default();
    let text = &mut out.text;
    let mut heading: Option<OpenHeading> = None;
    let mut html_block: Option<String> = None;
    let mut slugs = Slugger::default();
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                break_line(text);
                heading = Some(OpenHeading {
                    start: text.len(),
                    level,
                    id: id.map(|id| id.to_string()),
                    atx: source[range].starts_with('#'),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(open) = heading.take() {
                    let shown = collapse_whitespace(&text[open.start..]);
                    let id = match open.id {
                        Some(id) => slugs.explicit(id),
                        // From the text as written: `a  b` is `a--b` on GitHub.
                        None => slugs.slug(&text[open.start..]),
                    };
                    if !shown.is_empty() {
                        if open.level == HeadingLevel::H1 && open.atx && out.title.is_none() {
                            out.title = Some(shown.clone());
                        }
                        let section = matches!(open.level, HeadingLevel::H2 | HeadingLevel::H3);
                        if section && !id.is_empty() {
                            // At the heading's first word: a heading may start with
                            // a space (the code span of "## ` `x").
                            let written = &text[open.start..];
                            let lead = written.len() - written.trim_start().len();
                            out.sections.push(Section {
                                id,
                                heading: shown,
                                offset: open.start + lead,
                            });
                        }
                    }
                }
                break_line(text);
            }
            Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(html) = html_block.take() {
                    break_line(text);
                    text.push_str(crate::indexer::html::extract(&html).text.trim());
                    break_line(text);
                }
            }
            Event::Html(html) => match html_block.as_mut() {
                Some(block) => block.push_str(&html),
                // An HTML block outside its tags does not occur; read it as one.
                None => {
                    break_line(text);
                    text.push_str(crate::indexer::html::extract(&html).text.trim());
                    break_line(text);
                }
            },
            Event::InlineHtml(tag) => {
                let name = tag.trim_start_matches('<').trim_start_matches('/');
                let name = name.get(..2).unwrap_or("");
                if name.eq_ignore_ascii_case("br") {
                    text.push('\n');
                }
            }
            Event::Start(tag) => {
                if is_block(&tag) {
                    break_line(text);
                }
            }
            Event::End(end) => match end {
                TagEnd::TableCell if !text.ends_with(char::is_whitespace) => text.push(' '),
                end if is_block_end(&end) => break_line(text),
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::Rule => break_line(text),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }
    out
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::MetadataBlock(_)
    )
}

fn is_block_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::MetadataBlock(_)
    )
}

/// `text` trimmed, with every whitespace run as one space (a heading is shown on one line).
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// GitHub-style heading slugs, unique within one page (see the module docs).
#[derive(Default)]
struct Slugger {
    /// Every id given so far → how many times its base slug was asked for again.
    occurrences: HashMap<String, u32>,
}

impl Slugger {
    /// The slug of a heading's text, made unique.
    fn slug(&mut self, heading: &str) -> String {
        let base = slugify(heading);
        self.claim(&base)
    }

    /// An explicit `{#id}`: kept as written (it is the anchor the page has), and taken.
    fn explicit(&mut self, id: String) -> String {
        self.occurrences.entry(id.clone()).or_insert(0);
        id
    }

    /// `base`, or `base-1`, `base-2`, … when taken (github-slugger's rule).
    fn claim(&mut self, base: &str) -> String {
        if base.is_empty() {
            return String::new();
        }
        let mut id = base.to_owned();
        while self.occurrences.contains_key(&id) {
            let n = self.occurrences.entry(base.to_owned()).or_insert(0);
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.occurrences.insert(id.clone(), 0);
        id
    }
}

/// Lowercase; letters, digits, marks, `-` and `_` kept; a space becomes `-`; the rest goes.
fn slugify(heading: &str) -> String {
    let mut out = String::with_capacity(heading.len());
    for c in heading.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '-' || c == '_' || crate::analysis::is_mark(c) {
            out.push(c);
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(md: &str) -> String {
        render(md).text
    }

    fn ids(md: &str) -> Vec<String> {
        render(md).sections.into_iter().map(|s| s.id).collect()
    }

    #[test]
    fn inline_markup_is_rendered_to_its_text() {
        assert_eq!(
            text("Some **bold**, _emphasis_, ~~struck~~ and `code` with [a link](https://x.example/y \"t\")."),
            "Some bold, emphasis, struck and code with a link.\n"
        );
        assert_eq!(
            text("![a diagram of it](img.png) here"),
            "a diagram of it here\n"
        );
        assert_eq!(text("<https://example.com/a>"), "https://example.com/a\n");
        assert_eq!(
            text("[ref link][r]\n\n[r]: https://x.example"),
            "ref link\n"
        );
        assert_eq!(text("Caf&eacute; &amp; co"), "Café & co\n");
    }

    #[test]
    fn blocks_become_lines() {
        let md = "# Title\n\nOne\nline.\n\n- first\n- second\n\n> quoted\n\n---\n\n1. a\n2. b\n";
        assert_eq!(text(md), "Title\nOne\nline.\nfirst\nsecond\nquoted\na\nb\n");
        let table = "| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(text(table), "a b \n1 2 \n");
        assert_eq!(text("- [x] done\n- [ ] todo\n"), "done\ntodo\n");
    }

    #[test]
    fn code_is_kept_verbatim() {
        let md =
            "Run:\n\n```sh\nskiff snap ~/Documents --to **here**\n```\n\n    indented <b>x</b>\n";
        assert_eq!(
            text(md),
            "Run:\nskiff snap ~/Documents --to **here**\nindented <b>x</b>\n"
        );
    }

    #[test]
    fn html_becomes_its_visible_text() {
        let md = "Before\n\n<div class=\"note\">\n<p>Inside &amp; <b>bold</b></p>\n<script>alert(1)</script>\n<!-- hidden -->\n</div>\n\nPress <kbd>Ctrl</kbd>+<kbd>C</kbd>, then<br>next.";
        assert_eq!(
            text(md),
            "Before\nInside & bold\nPress Ctrl+C, then\nnext.\n"
        );
    }

    #[test]
    fn footnotes_keep_their_text_not_their_marks() {
        let md = "A claim.[^1]\n\n[^1]: The source.\n";
        assert_eq!(text(md), "A claim.\nThe source.\n");
    }

    #[test]
    fn the_title_is_the_first_atx_level_one_heading() {
        assert_eq!(
            render("# The *real* title\n\n# Another").title.as_deref(),
            Some("The real title")
        );
        assert_eq!(
            render("```\n# not a heading\n```\n# Yes").title.as_deref(),
            Some("Yes")
        );
        assert_eq!(render("Setext\n======\n\ntext").title, None);
        assert_eq!(render("## Only h2").title, None);
        assert_eq!(render("#\n\ntext").title, None, "an empty heading");
    }

    #[test]
    fn sections_start_at_level_two_and_three_headings() {
        let md = "# Guide\n\nIntro.\n\n## Install it\n\nDownload.\n\n### On Linux\n\napt.\n\n#### Deep\n\nx\n\n## Use\n\ny\n";
        let r = render(md);
        assert_eq!(
            r.text,
            "Guide\nIntro.\nInstall it\nDownload.\nOn Linux\napt.\nDeep\nx\nUse\ny\n"
        );
        let got: Vec<(&str, &str, &str)> = r
            .sections
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    s.heading.as_str(),
                    &r.text[s.offset..s.offset + s.heading.len()],
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("install-it", "Install it", "Install it"),
                ("on-linux", "On Linux", "On Linux"),
                ("use", "Use", "Use"),
            ]
        );
    }

    #[test]
    fn slugs_follow_github() {
        assert_eq!(
            ids("## Hello, World!\n## `skiff snap` --to\n## C++ & Rust_lang\n## Ünïcode ëxample\n## 日本語の見出し\n## Two  spaces\n"),
            ["hello-world", "skiff-snap---to", "c--rust_lang", "ünïcode-ëxample", "日本語の見出し", "two--spaces"]
        );
        // Repeated headings get -1, -2; an h1 or h4 with the same text takes the slug too.
        assert_eq!(
            ids("# Usage\n## Usage\n## Usage\n#### Usage\n### Usage\n"),
            ["usage-1", "usage-2", "usage-4"]
        );
        // A slug that a suffix would produce is taken as well (github-slugger's loop).
        assert_eq!(ids("## a-1\n## a\n## a\n"), ["a-1", "a", "a-2"]);
        // Only punctuation: no anchor, no section.
        assert_eq!(ids("## !!!\n## ok\n"), ["ok"]);
    }

    #[test]
    fn explicit_ids_win() {
        let r = render("## Install {#setup .wide}\n\ntext\n\n## Setup\n");
        assert_eq!(r.sections[0].id, "setup");
        assert_eq!(r.sections[0].heading, "Install");
        assert_eq!(r.sections[1].id, "setup-1", "the explicit id is taken");
        assert_eq!(r.text, "Install\ntext\nSetup\n");
    }

    #[test]
    fn a_section_starts_at_its_heading_s_first_word() {
        // Found by the property test below: a code span of one space before the words.
        let r = render("## ` `_");
        assert_eq!(r.text, " _\n");
        assert_eq!(
            (r.sections[0].heading.as_str(), r.sections[0].offset),
            ("_", 1)
        );
    }

    #[test]
    fn empty_headings_start_no_section() {
        assert!(render("##\n\ntext\n\n## {#only-id}\n").sections.is_empty());
    }

    proptest! {
        #[test]
        fn any_input_renders_with_valid_sections(md in "(#{1,3} |\\[|\\]|\\(|\\)|\\*|_|`|<|>|\n|\\{#|\\}| |[a-zé]{1,5}){0,60}") {
            let r = render(&md);
            let mut last = None;
            for s in &r.sections {
                prop_assert!(r.text.is_char_boundary(s.offset));
                prop_assert!(r.text[s.offset..].starts_with(s.heading.split(' ').next().unwrap()));
                prop_assert!(last.is_none_or(|l| s.offset > l), "offsets strictly increase");
                prop_assert!(!s.id.is_empty() && !s.heading.is_empty());
                last = Some(s.offset);
            }
            if !md.contains("{#") {
                let mut seen: Vec<&str> = r.sections.iter().map(|s| s.id.as_str()).collect();
                seen.sort_unstable();
                let n = seen.len();
                seen.dedup();
                prop_assert_eq!(seen.len(), n, "generated ids are unique");
            }
        }
    }
}
