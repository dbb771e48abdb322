//! The indexed PNG (`palette_index::index`, crates/palette, then an 8-bit indexed PNG) against
//! plain RGB encoding, with the settings of `render/charts/png.rs` (deflate level 2, no filter),
//! on the pixels of every PNG chart of the shipped report (output/charts): the same pixels, the
//! files' sizes printed first.

mod common;

use divan::Bencher;

fn main() {
    let (mut rgb, mut indexed) = (0, 0);
    for (w, h, pixels) in bitmaps() {
        rgb += encode(&pixels, &mut Vec::new(), w, h, false).len();
        indexed += encode(&pixels, &mut Vec::new(), w, h, true).len();
    }
    println!("shipped charts' PNGs: RGB {rgb} bytes, indexed {indexed} bytes");
    divan::main();
}

/// (width, height, RGB pixels) of each committed PNG chart, as a viewer decodes it.
fn bitmaps() -> Vec<(u32, u32, Vec<u8>)> {
    common::files("charts", "png")
        .iter()
        .map(|path| {
            let mut decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).expect("a chart")));
            decoder.set_transformations(png::Transformations::EXPAND);
            let mut reader = decoder.read_info().expect("a PNG");
            let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
            let frame = reader.next_frame(&mut buf).expect("a frame");
            assert_eq!(frame.color_type, png::ColorType::Rgb, "{}", path.display());
            buf.truncate(frame.buffer_size());
            (frame.width, frame.height, buf)
        })
        .collect()
}

/// As `render/charts/png.rs` encodes, indexed when asked and possible.
fn encode(pixels: &[u8], indices: &mut Vec<u8>, w: u32, h: u32, indexed: bool) -> Vec<u8> {
    let palette = if indexed {
        palette_index::index(pixels, indices)
    } else {
        None
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    match &palette {
        Some(palette) => {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(palette.as_slice());
        }
        None => encoder.set_color(png::ColorType::Rgb),
    }
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(png::DeflateCompression::Level(2));
    encoder.set_filter(png::Filter::NoFilter);
    let mut writer = encoder.write_header().expect("in memory");
    writer
        .write_image_data(if palette.is_some() { indices } else { pixels })
        .expect("in memory");
    writer.finish().expect("in memory");
    out
}

fn all(bencher: Bencher, indexed: bool) {
    let bitmaps = bitmaps();
    let mut indices = Vec::new();
    bencher.bench_local(|| {
        bitmaps
            .iter()
            .map(|(w, h, p)| encode(divan::black_box(p), &mut indices, *w, *h, indexed).len())
            .sum::<usize>()
    });
}

/// Every chart, indexed (the palette pass, then deflate of a third of the bytes).
#[divan::bench]
fn indexed(bencher: Bencher) {
    all(bencher, true);
}

/// Every chart, RGB.
#[divan::bench]
fn rgb(bencher: Bencher) {
    all(bencher, false);
}

/// The palette pass alone, every chart.
#[divan::bench]
fn palette_pass(bencher: Bencher) {
    let bitmaps = bitmaps();
    let mut indices = Vec::new();
    bencher.bench_local(|| {
        for (_, _, p) in &bitmaps {
            divan::black_box(palette_index::index(divan::black_box(p), &mut indices));
        }
    });
}
