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
/// particular order. A heap of the best `k` seen so far, whose root is the worst of them: each
/// further element costs one comparison with the root unless it enters the head, so about n +
/// k log k log n comparisons. A long query matches thousands of documents and only a page of
/// them is shown (SciFact, native: the full sort of every match was 14 % of ranking). The
/// heap of all n before (O(n + k log n), about 2n comparisons to build) was 10 % of ranking
/// a one-letter prefix on MDN, which matches most of the 14,076 documents (perf).
pub fn sort_head_by<T>(v: &mut [T], k: usize, cmp: impl Fn(&T, &T) -> Ordering) {
    let n = v.len();
    if k >= n / 2 {
        return sort_by(v, cmp);
    }
    if k == 0 {
        return;
    }
    // v[..k] is a heap whose root is the last of the head by `cmp`.
    let (head, rest) = v.split_at_mut(k);
    heapify(head, &cmp);
    for x in rest.iter_mut() {
        if cmp(x, &head[0]) == Ordering::Less {
            std::mem::swap(x, &mut head[0]);
            sift_down(head, 0, k, &cmp);
        }
    }
    sort_by(head, cmp);
}

/// Moves `v[root]` down the heap `v[..end]` whose root is the last element by `cmp`.
fn sift_down<T>(v: &mut [T], mut root: usize, end: usize, cmp: &impl Fn(&T, &T) -> Ordering) {
    loop {
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
    }
}

/// Makes `v` a heap whose root is its last element by `cmp`.
fn heapify<T>(v: &mut [T], cmp: &impl Fn(&T, &T) -> Ordering) {
    for start in (0..v.len() / 2).rev() {
        sift_down(v, start, v.len(), cmp);
    }
}

/// Builds a heap whose root is the last element by `cmp`, then moves the root to `end` for
/// every `end` from `v.len() - 1` down to `stop`: with `stop` 1, `v` ends sorted ascending.
fn heap_extract<T>(v: &mut [T], stop: usize, cmp: &impl Fn(&T, &T) -> Ordering) {
    let n = v.len();
    heapify(v, cmp);
    for end in (stop..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, cmp);
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
