//! Unit tests of the page cutter (the end-to-end equality of both layouts is
//! `core/tests/split.rs`).

use super::cut;
use proptest::prelude::*;

#[test]
fn pages_start_at_runs_and_hold_at_least_the_target() {
    assert_eq!(cut(&[0, 10, 20, 30, 40], 50, 15), [0, 20, 40]);
    // A run larger than the target is a page of its own.
    assert_eq!(cut(&[0, 100, 105], 110, 10), [0, 100]);
    assert_eq!(cut(&[0], 0, 10), Vec::<usize>::new());
}

proptest! {
    #[test]
    fn pages_cover_the_section_at_run_boundaries(
        mut runs in proptest::collection::vec(1usize..500, 0..60),
        target in 1usize..2000,
    ) {
        let mut bounds = vec![0];
        for r in &mut runs { let next = bounds.last().unwrap() + *r; bounds.push(next); }
        let len = bounds.pop().unwrap();
        let pages = cut(&bounds, len, target);
        prop_assert_eq!(pages.is_empty(), len == 0);
        for (j, &p) in pages.iter().enumerate() {
            prop_assert!(bounds.contains(&p));
            let end = pages.get(j + 1).copied().unwrap_or(len);
            prop_assert!(end > p);
            if j + 1 < pages.len() {
                prop_assert!(end - p >= target);
            }
        }
        if let Some(&first) = pages.first() { prop_assert_eq!(first, 0); }
    }
}
