//! The words the title re-ranking has analyzed, by their text as written: a word's term and
//! stop-word flag depend on nothing else, and titles repeat their words ("method",
//! "property", "Element" on most of MDN's pages), so each is normalized and stemmed once
//! per searcher. An open-addressing table of FNV-1a hashes (no `HashMap`: it would bring
//! SipHash and hashbrown into the wasm for this one use).

/// A word's analysis: its term's range in the caller's text, and whether it is a stop word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Word {
    pub(super) start: u32,
    pub(super) end: u32,
    pub(super) stop: bool,
}

#[derive(Debug, Default)]
pub(super) struct WordTable {
    /// 1 + the index in `entries`, 0 for empty; a power of two long, at most half full.
    slots: Vec<u32>,
    /// (the word's range in `surfaces`, its analysis).
    entries: Vec<(u32, u32, Word)>,
    surfaces: String,
}

fn hash(word: &str) -> u32 {
    word.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The slots a table of `entries` words has: at least twice as many, a power of two.
fn slots_for(entries: usize) -> usize {
    if entries == 0 {
        0
    } else {
        (entries * 2).next_power_of_two().max(16)
    }
}

impl WordTable {
    /// Bytes held (the words as written, the entries and the slots).
    #[cfg(test)]
    pub(super) fn bytes(&self) -> usize {
        Self::bytes_for(self.entries.len(), self.surfaces.len())
    }

    /// What `bytes` is with `entries` words of `surface_bytes` bytes in all.
    pub(super) fn bytes_for(entries: usize, surface_bytes: usize) -> usize {
        surface_bytes
            + entries * std::mem::size_of::<(u32, u32, Word)>()
            + slots_for(entries) * std::mem::size_of::<u32>()
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(super) fn surface_bytes(&self) -> usize {
        self.surfaces.len()
    }

    pub(super) fn clear(&mut self) {
        self.slots.clear();
        self.entries.clear();
        self.surfaces.clear();
    }

    pub(super) fn get(&self, word: &str) -> Option<Word> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = hash(word) as usize & mask;
        // At most half full: an empty slot ends every probe.
        loop {
            let e = *self.slots.get(i)? as usize;
            let (start, end, found) = *self.entries.get(e.checked_sub(1)?)?;
            if self.surfaces.get(start as usize..end as usize) == Some(word) {
                return Some(found);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds a word not in the table.
    pub(super) fn insert(&mut self, word: &str, analysis: Word) {
        let start = self.surfaces.len() as u32;
        self.surfaces.push_str(word);
        self.entries
            .push((start, self.surfaces.len() as u32, analysis));
        let want = slots_for(self.entries.len());
        if want != self.slots.len() {
            self.slots = vec![0; want];
            for e in 0..self.entries.len() {
                self.place(e);
            }
        } else {
            self.place(self.entries.len() - 1);
        }
    }

    fn place(&mut self, e: usize) {
        let (start, end, _) = self.entries[e];
        let word = &self.surfaces[start as usize..end as usize];
        let mask = self.slots.len() - 1;
        let mut i = hash(word) as usize & mask;
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = e as u32 + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn word(n: u32) -> Word {
        Word {
            start: n,
            end: n + 1,
            stop: n % 3 == 0,
        }
    }

    proptest! {
        /// The table answers as a plain list of the words inserted would, through every
        /// growth, and its byte count is what `bytes_for` predicts.
        #[test]
        fn answers_like_a_list(words in proptest::collection::vec("[a-dé]{0,4}", 0..300)) {
            let mut table = WordTable::default();
            let mut list: Vec<(String, Word)> = Vec::new();
            for (n, w) in words.iter().enumerate() {
                let known = list.iter().find(|(s, _)| s == w).map(|e| e.1);
                prop_assert_eq!(table.get(w), known);
                if known.is_none() {
                    table.insert(w, word(n as u32));
                    list.push((w.clone(), word(n as u32)));
                }
                prop_assert!(table.slots.len() >= 2 * table.len());
            }
            for (s, w) in &list {
                prop_assert_eq!(table.get(s), Some(*w));
            }
            prop_assert_eq!(table.get("zzz"), None);
            let surface: usize = list.iter().map(|(s, _)| s.len()).sum();
            prop_assert_eq!(table.bytes(), WordTable::bytes_for(list.len(), surface));
            table.clear();
            prop_assert_eq!(table.get(&words.first().cloned().unwrap_or_default()), None);
            prop_assert_eq!(table.bytes(), 0);
        }
    }
}
