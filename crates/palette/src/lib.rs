//! The palette of an 8-bit RGB bitmap, if it has at most 256 colours, and each pixel's index
//! into it: what an indexed PNG stores, losing nothing.
//!
//! A crate of its own so that the dev profile, which the README's command runs, can compile it
//! optimised: it visits every pixel, and unoptimised it took longer than the deflate it saves.

use std::collections::HashMap;

use foldhash::fast::FixedState;

/// The palette of `rgb` (RGB triples, in order of first appearance) and each pixel's index into
/// it, written to `indices` (cleared first); `None` if `rgb` has more than 256 colours, in which
/// case `indices` holds nothing useful. A trailing partial pixel is ignored.
pub fn index(rgb: &[u8], indices: &mut Vec<u8>) -> Option<Vec<u8>> {
    let n = rgb.len() / 3;
    indices.clear();
    indices.resize(n, 0);
    let mut palette: Vec<u8> = Vec::with_capacity(3 * 256);
    // Lookups only, never iterated: the palette's order is the pixels'.
    let mut lookup: HashMap<[u8; 3], u8, FixedState> = HashMap::default();
    let mut k = 0;
    while k < n {
        let c = [rgb[3 * k], rgb[3 * k + 1], rgb[3 * k + 2]];
        let i = match lookup.get(&c) {
            Some(&i) => i,
            None => {
                let i = u8::try_from(palette.len() / 3).ok()?;
                palette.extend_from_slice(&c);
                lookup.insert(c, i);
                i
            }
        };
        indices[k] = i;
        k += 1;
        // The rest of its run (a chart's background, its fills) four pixels at a time, then one.
        let four: [u8; 12] = std::array::from_fn(|b| c[b % 3]);
        while k + 4 <= n && rgb[3 * k..3 * k + 12] == four {
            indices[k..k + 4].fill(i);
            k += 4;
        }
        while k < n && rgb[3 * k..3 * k + 3] == c {
            indices[k] = i;
            k += 1;
        }
    }
    Some(palette)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_palette_lists_colours_in_order_of_first_appearance() {
        let rgb = [9, 9, 9, 1, 2, 3, 1, 2, 3, 9, 9, 9, 0, 0, 0];
        let mut indices = vec![5; 9];
        assert_eq!(index(&rgb, &mut indices), Some(vec![9, 9, 9, 1, 2, 3, 0, 0, 0]));
        assert_eq!(indices, [0, 1, 1, 0, 2]);
    }

    #[test]
    fn exactly_256_colours_fit_and_257_do_not() {
        let colours = |n: u32| -> Vec<u8> { (0..n).flat_map(|c| [c as u8, (c / 256) as u8, 7]).collect() };
        let mut indices = Vec::new();
        let palette = index(&colours(256), &mut indices).expect("256 colours fit");
        assert_eq!(palette.len(), 3 * 256);
        assert_eq!(indices, (0..=255).collect::<Vec<u8>>());
        assert_eq!(index(&colours(257), &mut indices), None);
    }

    #[test]
    fn nothing_gives_an_empty_palette() {
        let mut indices = vec![1, 2];
        assert_eq!(index(&[], &mut indices), Some(Vec::new()));
        assert!(indices.is_empty());
    }

    proptest! {
        /// Indexing loses nothing, whatever the colours and runs, and gives up past 256 colours.
        #[test]
        fn indexing_round_trips(runs in proptest::collection::vec(((0u8..3, 0u8..=255, any::<u8>()), 1usize..10), 0..300)) {
            // Runs of 1 to 9 pixels of colours drawn from a few hundred thousand.
            let rgb: Vec<u8> = runs.iter().flat_map(|&((a, b, c), run)| [a, b, c].repeat(run)).collect();
            let mut indices = Vec::new();
            let distinct: std::collections::BTreeSet<&[u8]> = rgb.chunks_exact(3).collect();
            match index(&rgb, &mut indices) {
                Some(palette) => {
                    prop_assert!(distinct.len() <= 256);
                    prop_assert_eq!(palette.len(), 3 * distinct.len());
                    let back: Vec<u8> = indices
                        .iter()
                        .flat_map(|&i| palette[3 * usize::from(i)..3 * usize::from(i) + 3].to_vec())
                        .collect();
                    prop_assert_eq!(back, rgb);
                }
                None => prop_assert!(distinct.len() > 256),
            }
        }
    }
}
