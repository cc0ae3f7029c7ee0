//! Sorting with little code. The query path sorts in a few places (ranked documents,
//! expansions, highlight ranges); std's sorts (driftsort, ipnsort) add several KB of wasm per
//! element type, this heapsort a few hundred bytes. O(n log n), not stable: callers' orders
//! are total (ties broken explicitly), so results are deterministic.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, ascending.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    heap_extract(v, 1, &cmp);
}

/// Puts the `k` first elements of `v` by `cmp` at its front, in order; the rest follow in no
/// particular order. The same heap as `sort_by`, stopped after `k` extractions: O(n + k log n).
/// A long query matches thousands of documents and only a page of them is shown (SciFact,
/// native: the full sort of every match was 14 % of ranking).
pub fn sort_head_by<T>(v: &mut [T], k: usize, cmp: impl Fn(&T, &T) -> Ordering) {
    let n = v.len();
    if k >= n / 2 {
        return sort_by(v, cmp);
    }
    // A heap whose root is the first element by `cmp`; the i-th extraction goes to
    // n - 1 - i, and reversing brings them to the front in order.
    heap_extract(v, n - k, &|a: &T, b: &T| cmp(b, a));
    v.reverse();
}

/// Builds a heap whose root is the last element by `cmp`, then moves the root to `end` for
/// every `end` from `v.len() - 1` down to `stop`: with `stop` 1, `v` ends sorted ascending.
fn heap_extract<T>(v: &mut [T], stop: usize, cmp: &impl Fn(&T, &T) -> Ordering) {
    let sift_down = |v: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && cmp(&v[child], &v[child + 1]) == Ordering::Less {
            child += 1;
        }
        if cmp(&v[root], &v[child]) != Ordering::Less {
            break;
        }
        v.swap(root, child);
        root = child;
    };
    let n = v.len();
    for start in (0..n / 2).rev() {
        sift_down(v, start, n);
    }
    for end in (stop..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_head_is_that_of_a_full_sort(mut v in proptest::collection::vec(any::<i16>(), 0..200), k in 0usize..220) {
            let mut expected = v.clone();
            expected.sort_unstable();
            let mut all = v.clone();
            sort_head_by(&mut v, k, |a, b| a.cmp(b));
            let head = k.min(v.len());
            prop_assert_eq!(&v[..head], &expected[..head]);
            // Nothing lost or added.
            all.sort_unstable();
            v.sort_unstable();
            prop_assert_eq!(v, all);
        }

        #[test]
        fn sorts_like_std(mut v in proptest::collection::vec(any::<i32>(), 0..200)) {
            let mut expected = v.clone();
            expected.sort_unstable();
            sort_by(&mut v, |a, b| a.cmp(b));
            prop_assert_eq!(v, expected);
        }
    }
}
