//! Typed references to data rows, the provenance every computed figure carries until a writer
//! prints it.

use std::fmt;
use std::sync::Arc;

/// One row of one input file: `workforce.csv:11` is line 11 (the header is line 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RowRef {
    /// Name of the input file, as the load stage reads it (`workforce.csv`).
    pub file: &'static str,
    /// Line in the file, counting the header as line 1.
    pub line: u64,
}

impl fmt::Display for RowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file)?;
        f.write_str(":")?;
        f.write_str(itoa::Buffer::new().format(self.line))
    }
}

/// The data rows a figure was computed from: one group per operand (in formula order), each
/// group the rows of that operand (several for a sum), sorted. A group is shared, not copied,
/// by every figure that reads the same value: a panel's millions of indicator rows point at the
/// groups of the values they were computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs(pub Vec<Arc<[RowRef]>>);

impl Inputs {
    /// Inputs of the given groups, in operand order.
    pub fn of(groups: Vec<Vec<RowRef>>) -> Inputs {
        Inputs(groups.into_iter().map(Arc::from).collect())
    }

    /// Operands side by side: the groups of `self`, then those of `other`.
    pub fn and(mut self, other: &Inputs) -> Inputs {
        self.0.extend(other.0.iter().cloned());
        self
    }

    /// Every row, in group order, each once.
    pub fn rows(&self) -> Vec<RowRef> {
        let mut out: Vec<RowRef> = Vec::new();
        for r in self.0.iter().flat_map(|g| g.iter()) {
            if !out.contains(r) {
                out.push(*r);
            }
        }
        out
    }

    /// Whether there is no row at all (no group, or only empty groups).
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|g| g.is_empty())
    }
}

impl fmt::Display for Inputs {
    /// Groups separated by `; `, the rows of a group by `, `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, g) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            for (j, r) in g.iter().enumerate() {
                if j > 0 {
                    f.write_str(", ")?;
                }
                fmt::Display::fmt(r, f)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_write_groups_apart_and_count_each_row_once() {
        let row = |file, line| RowRef { file, line };
        let a = vec![row("workforce.csv", 9), row("workforce.csv", 10)];
        let i = Inputs::of(vec![a.clone(), vec![row("budget.csv", 3)]]);
        assert_eq!(i.to_string(), "workforce.csv:9, workforce.csv:10; budget.csv:3");
        assert_eq!(i.rows().len(), 3);
        // A group read twice is one row each time.
        assert_eq!(Inputs::of(vec![a.clone(), a]).rows().len(), 2);
        assert!(Inputs::of(vec![vec![]]).is_empty());
        assert!(!i.is_empty());
    }
}
