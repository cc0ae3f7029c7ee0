//! Dates: ISO 8601 as text, so that dates sort as strings.

/// An ISO 8601 date as text: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, the latter optionally
/// followed by `T` or a space and a time.
pub fn is_iso_date(date: &str) -> bool {
    let b = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|d| d.iter().fold(0u32, |n, &c| n * 10 + u32::from(c - b'0')))
    };
    let Some(year) = digits(0..4) else {
        return false;
    };
    if b.len() == 4 {
        return true;
    }
    let Some(month) = digits(5..7).filter(|m| b[4] == b'-' && (1..=12).contains(m)) else {
        return false;
    };
    if b.len() == 7 {
        return true;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let Some(_) = digits(8..10).filter(|d| b[7] == b'-' && (1..=days).contains(d)) else {
        return false;
    };
    match b.get(10) {
        None => true,
        Some(b'T' | b' ') => b.len() > 11,
        Some(_) => false,
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexer::corpus::test_support::*;

    #[test]
    fn dates_must_be_iso() {
        for good in [
            "2023",
            "2023-11",
            "2023-11-09",
            "2024-02-29",
            "2023-11-09T14:30:00Z",
            "2023-11-09 14:30",
        ] {
            assert!(is_iso_date(good), "{good}");
        }
        for bad in [
            "",
            "23",
            "09/11/2023",
            "2023-13",
            "2023-11-31",
            "2023-02-29",
            "2023-1-9",
            "2023-11-09T",
            "2023-11-09x",
            "November 9, 2023",
            "20231109",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
        let err = md("---\ntitle: x\ndate: 9 Nov 2023\n---\nbody").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("not an ISO 8601 date"), "{err}");
        assert!(err.fix.contains("YYYY-MM-DD"), "{err}");
    }

    proptest::proptest! {
        #[test]
        fn dates_never_panic(date in "\\PC{0,16}|[0-9]{4}(-[0-9]{2}(-[0-9]{2}([T ][0-9:]{0,8})?)?)?") {
            let _ = is_iso_date(&date);
        }
    }
}
