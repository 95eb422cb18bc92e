//! One sort for the paths that run per verdict, per snapshot or once, compiled once for them all.
//!
//! The standard library's sort (driftsort, several KiB of wasm) is compiled anew for every element type and
//! comparison it is called with; with some forty call sites it was the largest code in the extension's
//! module (issue #18). The functions here are generic only in a thin shell: they sort the positions
//! `0..len` with one instantiation of the standard sort, comparing two positions through a `dyn` closure,
//! then move the elements into that order. That costs an allocation and an indirect call per comparison,
//! so the per-post paths (shingles, fingerprints, the duplicate index, bursts) keep the standard sort.
//!
//! ```
//! let mut names = vec![("b", 2), ("a", 9), ("b", 1)];
//! trichome_text::sort::sort_by_key(&mut names, |&(name, _)| name);
//! assert_eq!(names, [("a", 9), ("b", 2), ("b", 1)]);
//! ```

use std::cmp::Ordering;

/// Sorts `v` by `compare`, stably: what `slice::sort_by` does.
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = positions_in_order(v.len(), &mut |a, b| compare(&v[a], &v[b]));
    permute(v, order);
}

/// Sorts `v` by the key `key` gives each element, stably: what `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in its own order, stably: what `slice::sort` does.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sorts `v` by `key`, which tells any two different elements apart, so that the order is the same whichever
/// sort makes it: the standard unstable sort natively (archive mode sorts millions of burst events), the one
/// shared sort in the wasm module.
pub fn sort_by_total_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    #[cfg(target_arch = "wasm32")]
    sort_by_key(v, key);
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_unstable_by_key(key);
}

/// Whole numbers, and pairs of them, that sort as the `u64` they map to in order.
pub trait Whole: Copy {
    /// The `u64` in the same place in the order.
    fn to_key(self) -> u64;
    /// The value back from its key.
    fn from_key(key: u64) -> Self;
}

impl Whole for i64 {
    fn to_key(self) -> u64 {
        (self as u64) ^ (1 << 63)
    }
    fn from_key(key: u64) -> Self {
        (key ^ (1 << 63)) as i64
    }
}

impl Whole for u32 {
    fn to_key(self) -> u64 {
        u64::from(self)
    }
    fn from_key(key: u64) -> Self {
        key as u32
    }
}

impl Whole for i32 {
    fn to_key(self) -> u64 {
        i64::from(self).to_key()
    }
    fn from_key(key: u64) -> Self {
        i64::from_key(key) as i32
    }
}

impl Whole for (u32, u32) {
    fn to_key(self) -> u64 {
        u64::from(self.0) << 32 | u64::from(self.1)
    }
    fn from_key(key: u64) -> Self {
        ((key >> 32) as u32, key as u32)
    }
}

/// Sorts whole numbers (or pairs of them) through their `u64` keys: the integer sorts of the per-verdict
/// paths share [`u64s`] instead of compiling the standard sort for each type.
pub fn whole<T: Whole>(v: &mut [T]) {
    let mut keys: Vec<u64> = v.iter().map(|&x| x.to_key()).collect();
    u64s(&mut keys);
    for (x, key) in v.iter_mut().zip(keys) {
        *x = T::from_key(key);
    }
}

/// Sorts `u64`s: the standard unstable sort, compiled once for every caller (shingles, [`u32s`] and [`whole`]).
#[inline(never)]
pub fn u64s(v: &mut [u64]) {
    v.sort_unstable();
}

/// Sorts `u32`s (fingerprints, the duplicate index's candidates and groups) through [`u64s`], widened and
/// narrowed again: one copy of the standard sort in the module rather than two (1.5 KiB gzipped; the copies
/// cost nothing the engine bench can tell from its noise, docs/benchmarks.md).
pub fn u32s(v: &mut [u32]) {
    whole(v);
}

/// The positions `0..len` in the order `compare` gives, ties in position order. Never inlined: this is the
/// one place the standard sort is instantiated for all callers.
#[inline(never)]
fn positions_in_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Rearranges `v` so that position `i` holds what was at `order[i]`, in place, one cycle of the
/// permutation at a time.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = std::mem::replace(&mut order[at], DONE);
            // `from` is still untouched, unless it is where the cycle began, whose element has travelled
            // along the cycle to `at`.
            if from == start || from == DONE {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each input sorted here and by the standard stable sort, on a key with ties (stability shows).
    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        let inputs: [&[(u8, u8)]; 6] = [
            &[],
            &[(1, 0)],
            &[(2, 0), (1, 1), (2, 2), (0, 3), (1, 4), (2, 5)],
            &[(5, 0), (4, 1), (3, 2), (2, 3), (1, 4), (0, 5)],
            &[(0, 0), (0, 1), (0, 2), (0, 3)],
            &[(3, 0), (0, 1), (2, 2), (1, 3), (3, 4), (0, 5), (2, 6), (1, 7), (3, 8)],
        ];
        for input in inputs {
            let mut ours = input.to_vec();
            sort_by_key(&mut ours, |&(key, _)| key);
            let mut standard = input.to_vec();
            standard.sort_by_key(|&(key, _)| key);
            assert_eq!(ours, standard, "input {input:?}");
        }
    }

    #[test]
    fn whole_numbers_sort_in_their_own_order() {
        let mut signed: Vec<i64> = vec![5, i64::MIN, -1, 0, i64::MAX, -7, 5];
        let mut standard = signed.clone();
        standard.sort_unstable();
        whole(&mut signed);
        assert_eq!(signed, standard);
        let mut small: Vec<i32> = vec![3, -3, i32::MIN, i32::MAX, 0];
        whole(&mut small);
        assert_eq!(small, [i32::MIN, -3, 0, 3, i32::MAX]);
        let mut pairs: Vec<(u32, u32)> = vec![(2, 0), (1, u32::MAX), (1, 0), (u32::MAX, 1)];
        whole(&mut pairs);
        assert_eq!(pairs, [(1, 0), (1, u32::MAX), (2, 0), (u32::MAX, 1)]);
    }

    #[test]
    fn sorts_a_long_shuffled_input_of_owned_values() {
        // A permutation with many cycles of different lengths.
        let mut v: Vec<String> = (0..1000u32).map(|i| format!("{:04}", (i * 7919) % 1000)).collect();
        let mut standard = v.clone();
        standard.sort();
        sort(&mut v);
        assert_eq!(v, standard);
        sort_by(&mut v, |a, b| b.cmp(a));
        standard.reverse();
        assert_eq!(v, standard);
    }
}
