//! The image's word lists: query-time stop words (sorted lines) and synonym groups.

use super::Index;
use crate::format::read_varint;

impl<'a> Index<'a> {
    /// Synonym groups: each group's members, each a sequence of analyzed terms.
    pub fn synonym_groups(&self) -> Vec<Vec<Vec<&'a str>>> {
        let bytes = self.synonyms;
        let mut pos = 0usize;
        let mut groups = Vec::new();
        let Some(group_count) = read_varint(bytes, &mut pos) else {
            return groups;
        };
        for _ in 0..group_count {
            let Some(member_count) = read_varint(bytes, &mut pos) else {
                break;
            };
            let mut group = Vec::new();
            for _ in 0..member_count {
                let Some(term_count) = read_varint(bytes, &mut pos) else {
                    return groups;
                };
                let mut member = Vec::new();
                for _ in 0..term_count {
                    let Some(len) = read_varint(bytes, &mut pos) else {
                        return groups;
                    };
                    let end = pos.saturating_add(len as usize);
                    let Some(term) = bytes
                        .get(pos..end)
                        .and_then(|b| std::str::from_utf8(b).ok())
                    else {
                        return groups;
                    };
                    member.push(term);
                    pos = end;
                }
                // A member of no terms would match everywhere (and made the synonym pass
                // insert slots forever): skipped.
                if !member.is_empty() {
                    group.push(member);
                }
            }
            if group.len() > 1 {
                groups.push(group);
            }
        }
        groups
    }
}

/// Binary search for `word` among the `\n`-separated lines of `sorted` (STOPWORDS is sorted
/// by the writer; unsorted bytes give wrong answers, never a panic). O(log n) lines compared
/// instead of a scan per call: it is asked for every query word and title word.
pub(super) fn sorted_lines_contain(sorted: &str, word: &str) -> bool {
    let bytes = sorted.as_bytes();
    let (mut lo, mut hi) = (0usize, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // The line holding byte `mid`: [start, end).
        let start = bytes[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let end = bytes[mid..hi]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(hi, |i| mid + i);
        match bytes[start..end].cmp(word.as_bytes()) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}
