//! The dictionary's own checksum, checked at open without fst's `verify`.
//!
//! fst reads its nodes unchecked and may panic on a corrupted dictionary, so `Index::open`
//! checks the CRC-32C every fst 0.4 map stores in its last 4 bytes before any lookup.
//! `Fst::verify` does the same with slicing-by-16 tables, 17 KB of data in the wasm: this
//! byte-at-a-time version with one 1 KB table took the seeds `_bg.wasm` (after wasm-opt)
//! from 223,838 to 206,819 bytes raw, 100,030 to 84,306 brotli. It runs once per open,
//! over the dictionary only (MDN's: 1.4 MB).

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), one entry per byte value.
const TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0x82F6_3B78
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

fn crc32c(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc = TABLE[((crc as u8) ^ b) as usize] ^ (crc >> 8);
    }
    !crc
}

/// Whether `fst` ends with the masked CRC-32C of everything before it, as fst 0.4 writes
/// it (the masking is Snappy's). An fst without one (format version 2 or older, which our
/// builder never writes) fails, as `Fst::verify` does.
pub(super) fn fst_checksum_ok(fst: &[u8]) -> bool {
    let Some(split) = fst.len().checked_sub(4) else {
        return false;
    };
    let (body, tail) = fst.split_at(split);
    let stored = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]);
    let sum = crc32c(body);
    let masked = (sum.wrapping_shr(15) | sum.wrapping_shl(17)).wrapping_add(0xA282_EAD8);
    masked == stored
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample_fst() -> Vec<u8> {
        let mut terms: Vec<String> = (0..300).map(|i| format!("term{i:04}")).collect();
        terms.sort();
        fst::Map::from_iter(
            terms
                .iter()
                .enumerate()
                .map(|(i, t)| (t.as_str(), i as u64)),
        )
        .unwrap()
        .into_fst()
        .into_inner()
    }

    #[test]
    fn crc32c_of_the_standard_check_string() {
        // The check value of CRC-32C (RFC 3720, B.4): "123456789" → 0xE3069283.
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
    }

    #[test]
    fn a_real_fst_passes_and_short_input_fails() {
        assert!(fst_checksum_ok(&sample_fst()));
        assert!(!fst_checksum_ok(&[]));
        assert!(!fst_checksum_ok(&[1, 2, 3]));
    }

    proptest! {
        /// Agrees with fst's own `verify` on every single-byte edit of a real map.
        #[test]
        fn agrees_with_fst_verify(at in 0usize..4096, value in any::<u8>()) {
            let mut bytes = sample_fst();
            let at = at % bytes.len();
            bytes[at] = value;
            let ours = fst_checksum_ok(&bytes);
            let theirs = fst::raw::Fst::new(bytes.clone()).is_ok_and(|f| f.verify().is_ok());
            if ours {
                // Ours is the checksum alone: fst::raw::Fst::new may still refuse the header.
                prop_assert!(theirs || fst::raw::Fst::new(bytes).is_err());
            } else {
                prop_assert!(!theirs);
            }
        }
    }
}
