//! Wall time of each stage of a run, for `--timings`.

use std::time::{Duration, Instant};

/// Wall time of each stage of one run, in the order they ran.
#[derive(Debug, Clone, Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    /// Runs `f`, recording its time under `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.0.push((stage, start.elapsed()));
        out
    }

    /// Adds `d` to the time of `stage` (a stage run in several parts, as a panel's batches).
    pub fn add(&mut self, stage: &'static str, d: Duration) {
        match self.0.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, t)) => *t += d,
            None => self.0.push((stage, d)),
        }
    }

    /// One line per stage, then the total: `load      1.2 ms`.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let total: Duration = self.0.iter().map(|(_, d)| *d).sum();
        for (stage, d) in self.0.iter().chain(std::iter::once(&("total", total))) {
            out.push_str(&format!("{stage:<8} {:>9.1} ms\n", d.as_secs_f64() * 1000.0));
        }
        out
    }
}
