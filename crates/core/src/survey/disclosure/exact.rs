//! Exact integer linear algebra for the auditor: fraction-free elimination over `i128`, every
//! row kept primitive (divided by the gcd of its entries), every operation checked. The published
//! equations have small integer coefficients and near-unimodular structure, so entries stay
//! small; should one ever overflow, the caller treats the question as undecided and hides more,
//! never less.

use std::collections::HashMap;

/// An entry outgrew `i128`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Overflow;

pub(super) type Exact<T> = Result<T, Overflow>;

/// A sparse vector: (position, value) with positions strictly increasing and no zero values.
pub(super) type Sparse = Vec<(u32, i128)>;

pub(super) fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    // Entries are kept far below 2^127 by the checked arithmetic, so this fits.
    a as i128
}

/// `fa · x − fb · y`, zeros dropped.
fn combine(fa: i128, x: &[(u32, i128)], fb: i128, y: &[(u32, i128)]) -> Exact<Sparse> {
    let mut out = Vec::with_capacity(x.len() + y.len());
    let (mut i, mut j) = (0, 0);
    while i < x.len() || j < y.len() {
        let (position, value) = match (x.get(i), y.get(j)) {
            (Some(&(px, vx)), Some(&(py, _))) if px < py => {
                i += 1;
                (px, vx.checked_mul(fa).ok_or(Overflow)?)
            }
            (Some(&(px, _)), Some(&(py, vy))) if py < px => {
                j += 1;
                (py, vy.checked_mul(fb).ok_or(Overflow)?.checked_neg().ok_or(Overflow)?)
            }
            (Some(&(px, vx)), Some(&(_, vy))) => {
                i += 1;
                j += 1;
                let a = vx.checked_mul(fa).ok_or(Overflow)?;
                let b = vy.checked_mul(fb).ok_or(Overflow)?;
                (px, a.checked_sub(b).ok_or(Overflow)?)
            }
            (Some(&(px, vx)), None) => {
                i += 1;
                (px, vx.checked_mul(fa).ok_or(Overflow)?)
            }
            (None, Some(&(py, vy))) => {
                j += 1;
                (py, vy.checked_mul(fb).ok_or(Overflow)?.checked_neg().ok_or(Overflow)?)
            }
            (None, None) => unreachable!(),
        };
        if value != 0 {
            out.push((position, value));
        }
    }
    Ok(out)
}

/// A row under elimination: its entries and, when dependencies are wanted, which original rows
/// it is a combination of.
#[derive(Debug, Clone, Default)]
pub(super) struct Row {
    pub main: Sparse,
    pub track: Sparse,
}

impl Row {
    /// Divides by the gcd of every entry and makes the leading entry positive.
    fn make_primitive(&mut self) {
        let g = self.main.iter().chain(&self.track).fold(0, |g, &(_, v)| gcd(g, v));
        let sign = if self.main.first().is_some_and(|&(_, v)| v < 0) { -1 } else { 1 };
        if g > 1 || sign < 0 {
            for (_, v) in self.main.iter_mut().chain(self.track.iter_mut()) {
                *v = *v / g * sign;
            }
        }
    }
}

/// Rows in echelon form, one per leading position, built by inserting rows one at a time.
#[derive(Debug, Clone, Default)]
pub(super) struct Echelon {
    pivot: HashMap<u32, usize>,
    rows: Vec<Row>,
}

/// What inserting a row did.
pub(super) enum Inserted {
    /// It was independent of the rows before it.
    Pivot,
    /// It was a combination of the rows before it: `track` holds the dependency (when tracked).
    Dependent(Sparse),
}

impl Echelon {
    pub fn rank(&self) -> usize {
        self.rows.len()
    }

    /// The stored rows (leading position first), each a combination of inserted rows.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    fn reduce(&self, mut row: Row) -> Exact<Row> {
        while let Some(&(lead, value)) = row.main.first() {
            let Some(&p) = self.pivot.get(&lead) else { break };
            let pivot = &self.rows[p];
            let pv = pivot.main[0].1;
            let g = gcd(pv, value);
            let (fa, fb) = (pv / g, value / g);
            row = Row {
                main: combine(fa, &row.main, fb, &pivot.main)?,
                track: combine(fa, &row.track, fb, &pivot.track)?,
            };
            row.make_primitive();
        }
        Ok(row)
    }

    pub fn insert(&mut self, row: Row) -> Exact<Inserted> {
        let mut row = self.reduce(row)?;
        match row.main.first() {
            Some(&(lead, _)) => {
                row.make_primitive();
                self.pivot.insert(lead, self.rows.len());
                self.rows.push(row);
                Ok(Inserted::Pivot)
            }
            None => Ok(Inserted::Dependent(row.track)),
        }
    }
}

/// Reduced row echelon form of a dense integer matrix, choosing pivot columns in `order`:
/// returns the pivot (row, column) pairs. Each pivot row is zero in every other pivot column,
/// so row `i` is the unique combination of the rows whose value is 1·pivot at its own pivot
/// and 0 at the others (scaled): the rows are the fundamental cocircuits of the pivot basis.
pub(super) fn rref(matrix: &mut [Vec<i128>], order: &[usize]) -> Exact<Vec<(usize, usize)>> {
    let mut pivots: Vec<(usize, usize)> = Vec::new();
    let mut used = vec![false; matrix.len()];
    for &column in order {
        // The pivot row: the unused one with the smallest non-zero entry, to keep numbers small.
        let Some(p) = (0..matrix.len())
            .filter(|&r| !used[r] && matrix[r][column] != 0)
            .min_by_key(|&r| matrix[r][column].unsigned_abs())
        else {
            continue;
        };
        used[p] = true;
        let pivot_row = std::mem::take(&mut matrix[p]);
        let pv = pivot_row[column];
        for (r, row) in matrix.iter_mut().enumerate() {
            if r == p || row.is_empty() || row[column] == 0 {
                continue;
            }
            let value = row[column];
            let g = gcd(pv, value);
            let (fa, fb) = (pv / g, value / g);
            let mut common = 0;
            for (x, &y) in row.iter_mut().zip(&pivot_row) {
                let a = x.checked_mul(fa).ok_or(Overflow)?;
                let b = y.checked_mul(fb).ok_or(Overflow)?;
                *x = a.checked_sub(b).ok_or(Overflow)?;
                common = gcd(common, *x);
            }
            if common > 1 {
                row.iter_mut().for_each(|x| *x /= common);
            }
        }
        matrix[p] = pivot_row;
        pivots.push((p, column));
    }
    Ok(pivots)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(entries: &[(u32, i128)]) -> Row {
        Row { main: entries.to_vec(), track: Vec::new() }
    }

    #[test]
    fn echelon_counts_rank_and_finds_dependencies() {
        let mut e = Echelon::default();
        assert!(matches!(e.insert(row(&[(0, 2), (1, 4)])).unwrap(), Inserted::Pivot));
        assert!(matches!(e.insert(row(&[(0, 3), (2, 1)])).unwrap(), Inserted::Pivot));
        // (5, 4, 1) = (2, 4, 0) + (3, 0, 1): dependent, and the dependency names it.
        let tracked = Row { main: vec![(0, 5), (1, 4), (2, 1)], track: vec![(7, 1)] };
        assert!(matches!(e.insert(tracked).unwrap(), Inserted::Dependent(t) if !t.is_empty()));
        assert_eq!(e.rank(), 2);
    }

    #[test]
    fn rref_puts_zeros_in_other_pivot_columns() {
        let mut m = vec![vec![1, 1, 0, 1], vec![0, 1, 1, 1], vec![1, 2, 1, 2]];
        let pivots = rref(&mut m, &[0, 1, 2, 3]).unwrap();
        assert_eq!(pivots.len(), 2, "the third row is the sum of the first two");
        for &(r, c) in &pivots {
            for &(r2, _) in &pivots {
                if r2 != r {
                    assert_eq!(m[r2][c], 0);
                }
            }
        }
    }
}
