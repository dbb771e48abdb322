//! Wall time of each stage of a run, for `--timings`.

use std::time::{Duration, Instant};

/// Wall time of each stage of one run, in the order they first ran, and of the whole run.
#[derive(Debug, Clone)]
pub struct Timings {
    stages: Vec<(&'static str, Duration)>,
    /// When the run started: its total is measured, not summed, since some stages run side by
    /// side (a report's pages and workbook).
    started: Instant,
}

impl Default for Timings {
    /// Starts the run's clock.
    fn default() -> Timings {
        Timings {
            stages: Vec::new(),
            started: Instant::now(),
        }
    }
}

impl Timings {
    /// Runs `f`, recording its time under `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.add(stage, start.elapsed());
        out
    }

    /// Adds `d` to the time of `stage` (a stage run in several parts, as a panel's batches).
    pub fn add(&mut self, stage: &'static str, d: Duration) {
        match self.stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, t)) => *t += d,
            None => self.stages.push((stage, d)),
        }
    }

    /// The time of each stage so far, in the order they first ran.
    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.stages
    }

    /// One line per stage, then the run's wall time so far: `load      1.2 ms`.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let total = ("total", self.started.elapsed());
        for (stage, d) in self.stages.iter().chain(std::iter::once(&total)) {
            out.push_str(&format!("{stage:<8} {:>9.1} ms\n", d.as_secs_f64() * 1000.0));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_add_up_in_first_run_order_and_the_total_is_the_runs_time() {
        let mut t = Timings::default();
        t.add("load", Duration::from_millis(2));
        t.add("compute", Duration::from_millis(5));
        t.add("load", Duration::from_millis(3));
        assert_eq!(
            t.stages(),
            [
                ("load", Duration::from_millis(5)),
                ("compute", Duration::from_millis(5))
            ]
        );
        assert_eq!(t.time("charts", || 7), 7);
        let report = t.report();
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], "load           5.0 ms");
        assert!(lines[2].starts_with("charts "), "{report}");
        assert!(lines[3].starts_with("total "), "{report}");
        // Measured, not summed: an hour's stage does not make the run an hour long.
        t.add("workbook", Duration::from_secs(3600));
        let total: f64 = t.report().lines().last().unwrap()[6..]
            .trim()
            .trim_end_matches(" ms")
            .parse()
            .unwrap();
        assert!(total < 60_000.0, "{total}");
    }
}
