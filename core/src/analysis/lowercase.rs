//! `char::to_lowercase` in 1.5 KB instead of 11.7 KB.
//!
//! std's table lists every one of the 1,487 characters that lowercase to another one as a
//! `(char, u32)` pair (11.7 KB of the seeds wasm's data, measured with twiggy). Nearly all of
//! them come in runs: a block of capitals a fixed distance from its small letters (`A`–`Z`,
//! Greek, Cyrillic, full-width Latin) or alternating capital/small pairs (Latin Extended-A,
//! Cyrillic supplement). `RUNS` holds the 185 runs, so the lookup is a binary search over 185
//! entries instead of 1,487. It is generated from this toolchain's own `char::to_lowercase`
//! (`cargo test -p bakedsearch-core lowercase_runs_source -- --ignored --nocapture` prints
//! it) and the tests check it against std for every character, so it agrees with std exactly;
//! a toolchain with newer Unicode data fails that test until the table is regenerated.

/// Runs of characters that lowercase by adding `delta`, sorted by first character: the key
/// holds the first character (bits 0–20), the run's length − 1 (bits 21–29) and its stride
/// − 1 (bit 30: every character, or every second one).
#[rustfmt::skip]
const RUNS: &[(u32, i32)] = &[
    (0x03200041, 32), (0x02C000C0, 32), (0x00C000D8, 32), (0x42E00100, 1), (0x40400132, 1),
    (0x40E00139, 1), (0x42C0014A, 1), (0x00000178, -121), (0x40400179, 1), (0x00000181, 210),
    (0x40200182, 1), (0x00000186, 206), (0x00000187, 1), (0x00200189, 205), (0x0000018B, 1),
    (0x0000018E, 79), (0x0000018F, 202), (0x00000190, 203), (0x00000191, 1), (0x00000193, 205),
    (0x00000194, 207), (0x00000196, 211), (0x00000197, 209), (0x00000198, 1), (0x0000019C, 211),
    (0x0000019D, 213), (0x0000019F, 214), (0x404001A0, 1), (0x000001A6, 218), (0x000001A7, 1),
    (0x000001A9, 218), (0x000001AC, 1), (0x000001AE, 218), (0x000001AF, 1), (0x002001B1, 217),
    (0x402001B3, 1), (0x000001B7, 219), (0x000001B8, 1), (0x000001BC, 1), (0x000001C4, 2),
    (0x000001C5, 1), (0x000001C7, 2), (0x000001C8, 1), (0x000001CA, 2), (0x410001CB, 1),
    (0x410001DE, 1), (0x000001F1, 2), (0x402001F2, 1), (0x000001F6, -97), (0x000001F7, -56),
    (0x426001F8, 1), (0x00000220, -130), (0x41000222, 1), (0x0000023A, 10795), (0x0000023B, 1),
    (0x0000023D, -163), (0x0000023E, 10792), (0x00000241, 1), (0x00000243, -195), (0x00000244, 69),
    (0x00000245, 71), (0x40800246, 1), (0x40200370, 1), (0x00000376, 1), (0x0000037F, 116),
    (0x00000386, 38), (0x00400388, 37), (0x0000038C, 64), (0x0020038E, 63), (0x02000391, 32),
    (0x010003A3, 32), (0x000003CF, 8), (0x416003D8, 1), (0x000003F4, -60), (0x000003F7, 1),
    (0x000003F9, -7), (0x000003FA, 1), (0x004003FD, -130), (0x01E00400, 80), (0x03E00410, 32),
    (0x42000460, 1), (0x4340048A, 1), (0x000004C0, 15), (0x40C004C1, 1), (0x45E004D0, 1),
    (0x04A00531, 48), (0x04A010A0, 7264), (0x000010C7, 7264), (0x000010CD, 7264),
    (0x09E013A0, 38864), (0x00A013F0, 8), (0x00001C89, 1), (0x05401C90, -3008),
    (0x00401CBD, -3008), (0x49401E00, 1), (0x00001E9E, -7615), (0x45E01EA0, 1), (0x00E01F08, -8),
    (0x00A01F18, -8), (0x00E01F28, -8), (0x00E01F38, -8), (0x00A01F48, -8), (0x40601F59, -8),
    (0x00E01F68, -8), (0x00E01F88, -8), (0x00E01F98, -8), (0x00E01FA8, -8), (0x00201FB8, -8),
    (0x00201FBA, -74), (0x00001FBC, -9), (0x00601FC8, -86), (0x00001FCC, -9), (0x00201FD8, -8),
    (0x00201FDA, -100), (0x00201FE8, -8), (0x00201FEA, -112), (0x00001FEC, -7), (0x00201FF8, -128),
    (0x00201FFA, -126), (0x00001FFC, -9), (0x00002126, -7517), (0x0000212A, -8383),
    (0x0000212B, -8262), (0x00002132, 28), (0x01E02160, 16), (0x00002183, 1), (0x032024B6, 26),
    (0x05E02C00, 48), (0x00002C60, 1), (0x00002C62, -10743), (0x00002C63, -3814),
    (0x00002C64, -10727), (0x40402C67, 1), (0x00002C6D, -10780), (0x00002C6E, -10749),
    (0x00002C6F, -10783), (0x00002C70, -10782), (0x00002C72, 1), (0x00002C75, 1),
    (0x00202C7E, -10815), (0x46202C80, 1), (0x40202CEB, 1), (0x00002CF2, 1), (0x42C0A640, 1),
    (0x41A0A680, 1), (0x40C0A722, 1), (0x43C0A732, 1), (0x4020A779, 1), (0x0000A77D, -35332),
    (0x4080A77E, 1), (0x0000A78B, 1), (0x0000A78D, -42280), (0x4020A790, 1), (0x4120A796, 1),
    (0x0000A7AA, -42308), (0x0000A7AB, -42319), (0x0000A7AC, -42315), (0x0000A7AD, -42305),
    (0x0000A7AE, -42308), (0x0000A7B0, -42258), (0x0000A7B1, -42282), (0x0000A7B2, -42261),
    (0x0000A7B3, 928), (0x40E0A7B4, 1), (0x0000A7C4, -48), (0x0000A7C5, -42307),
    (0x0000A7C6, -35384), (0x4020A7C7, 1), (0x0000A7CB, -42343), (0x40E0A7CC, 1),
    (0x0000A7DC, -42561), (0x0000A7F5, 1), (0x0320FF21, 32), (0x04E10400, 40), (0x046104B0, 40),
    (0x01410570, 39), (0x01C1057C, 39), (0x00C1058C, 39), (0x00210594, 39), (0x06410C80, 64),
    (0x02A10D50, 32), (0x03E118A0, 32), (0x03E16E40, 32), (0x03016EA0, 27), (0x0421E900, 34),
];

fn run_of(key: u32) -> (u32, u32, u32) {
    (
        key & 0x1F_FFFF,
        ((key >> 21) & 0x1FF) + 1,
        ((key >> 30) & 1) + 1,
    )
}

/// Calls `f` with each character of `c.to_lowercase()` (one, except for `İ`: `i` and U+0307).
#[inline]
pub(crate) fn for_each_lowercase(c: char, mut f: impl FnMut(char)) {
    if c.is_ascii() {
        return f(c.to_ascii_lowercase());
    }
    if c == '\u{130}' {
        f('i');
        return f('\u{307}');
    }
    let code = c as u32;
    // The last run starting at or before `code`.
    let i = RUNS.partition_point(|&(key, _)| key & 0x1F_FFFF <= code);
    if let Some(&(key, delta)) = i.checked_sub(1).and_then(|i| RUNS.get(i)) {
        let (start, len, stride) = run_of(key);
        let offset = code - start;
        if offset % stride == 0 && offset / stride < len {
            if let Some(lower) = char::from_u32(code.wrapping_add_signed(delta)) {
                return f(lower);
            }
        }
    }
    f(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_std_for_every_character() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let mut ours = Vec::new();
            for_each_lowercase(c, |l| ours.push(l));
            let std: Vec<char> = c.to_lowercase().collect();
            assert_eq!(ours, std, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn runs_are_sorted_and_disjoint() {
        let mut end = 0;
        for &(key, _) in RUNS {
            let (start, len, stride) = run_of(key);
            assert!(start >= end, "run at U+{start:04X} overlaps the one before");
            end = start + (len - 1) * stride + 1;
        }
    }

    /// Prints `RUNS` from this toolchain's `char::to_lowercase` (see the module).
    #[test]
    #[ignore]
    fn lowercase_runs_source() {
        let pairs: Vec<(u32, i64)> = (0..=0x10_FFFF)
            .filter_map(char::from_u32)
            .filter_map(|c| {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(one), None) if one != c => {
                        Some((c as u32, i64::from(one as u32) - i64::from(c as u32)))
                    }
                    _ => None,
                }
            })
            .collect();
        let mut entries = Vec::new();
        let mut i = 0;
        while i < pairs.len() {
            let (start, delta) = pairs[i];
            let (mut len, mut stride) = (1u32, 1u32);
            while let Some(&(next, d)) = pairs.get(i + len as usize) {
                let step = next - start;
                let fits = d == delta
                    && len < 512
                    && if len == 1 {
                        step == 1 || step == 2
                    } else {
                        step == stride * len
                    };
                if !fits {
                    break;
                }
                if len == 1 {
                    stride = step;
                }
                len += 1;
            }
            entries.push(format!(
                "(0x{:08X}, {delta})",
                start | (len - 1) << 21 | (stride - 1) << 30
            ));
            i += len as usize;
        }
        let mut line = String::from("   ");
        for e in entries {
            if line.len() + e.len() + 2 > 100 {
                println!("{}", line.trim_end());
                line = String::from("   ");
            }
            line.push(' ');
            line.push_str(&e);
            line.push(',');
        }
        println!("{line}");
    }
}
