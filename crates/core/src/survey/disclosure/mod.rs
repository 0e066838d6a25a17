//! Secondary suppression by exact query auditing: which groups a closed survey may show so that
//! no combination of everything it shows depends on the answers of fewer than `m` people.
//!
//! # The model
//!
//! Every number a group publishes is a linear equation over the respondents' individual
//! answers: a mean times its count is a sum, an option count is a sum of 0/1 answers, a
//! percentage is a fixed combination of those. The unknowns are the answers, one per
//! (respondent, variable): the same question (or dimension and organisation rated) answered by
//! two people is two unknowns. Who answered what, and so every coefficient, is taken as known
//! to the reader; only the answers' values are secret. A reader who combines published numbers
//! learns exactly the vectors of their row space, and a vector whose non-zero entries all
//! belong to fewer than `m` respondents (its *support*) tells something about those few alone.
//! The published set is safe when its row space holds no non-zero vector supported on fewer
//! than `m` respondents. `m = k`; when the reader answered the survey themselves, their own
//! answer is known to them while we cannot tell which response is theirs, so what they see must
//! rest on `k` other people: `m = k + 1`.
//!
//! # The exact test
//!
//! For a set `S` of respondents let `A(S)` be the columns (unknowns) that belong to `S`:
//! `dim(rowspace ∩ span(A(S))) = rank(M) − rank(M without A(S))`, so `S` can be singled out
//! exactly when removing its columns lowers the rank. The auditor decides whether such an `S`
//! with `|S| < m` exists, exactly, in these steps:
//!
//! 1. Equations that share no unknown are independent; the row space splits into parts along
//!    the connected components of "appears in the same equation" over variables (typically one
//!    part per rating dimension, one per option of each question), and each part is decided on
//!    its own. Parts with the same structure (the six dimensions, usually) are decided once.
//! 2. Columns identical in every equation of a part (the answers of one organisation's
//!    respondents about one organisation, in every grouping Rapport has) are merged into one
//!    column owned by all of them: every row-space vector weights them alike, so a support that
//!    touches one holds them all. A merged column owned by at least `m` respondents can never
//!    be removed by a set of fewer than `m` and is *fixed*; when every column is fixed the part
//!    is safe without any arithmetic (the common case once groups below `m` are hidden).
//! 3. Otherwise the part is reduced to the subspace that matters, `rowspace ∩ {zero on fixed
//!    columns}`, by exact elimination with the fixed columns first, and that subspace is
//!    brought to reduced row echelon form. Its rows are fundamental cocircuits; the columns fall
//!    into connected components (of the matroid), and a small support lies inside one.
//! 4. For each component: if all its columns together have fewer than `m` owners, they can be
//!    singled out. Otherwise a *packing certificate* is tried: `m` disjoint sets of respondents
//!    whose columns each span the component on their own prove that fewer than `m` people
//!    cannot remove a column of each, so the component is safe. Failing that, an exact
//!    depth-first search over sets `S` (iterative deepening on `|S|`, so the smallest is found
//!    first): at each `S` the columns that no set of the remaining size can remove are put in a
//!    basis first; if they span, the branch is closed; otherwise the basis is completed with
//!    removable columns and only the owners of those completing columns are branched on (any
//!    isolatable superset must remove a column of every basis). A set that leaves a
//!    non-spanning remainder is isolatable.
//!
//! Elimination is exact: integer, fraction-free, rows kept primitive, every operation checked
//! for overflow. Inside the search, ranks are taken modulo the prime 2^61 − 1, which is sound
//! for the two uses it has ("spans" modulo p implies "spans" over the rationals), and every set
//! reported as isolatable is confirmed exactly. If precision or the search's allowance ever ran
//! out, the part counts as unsafe and more is hidden, never less.
//!
//! # Suppression
//!
//! 1. A group whose own respondents number fewer than `m` is hidden (primary suppression).
//! 2. While the audit finds an isolatable set `S`, one group is hidden (with any group that
//!    publishes the very same equation, since hiding one copy of a number hides nothing): the
//!    smallest (fewest respondents, then the earliest) whose removal shrinks
//!    `rowspace ∩ span(A(S))`; if none does alone (a number is also a sum of others), the
//!    smallest that takes part in a combination supported on `S`.
//! 3. Then the groups hidden in step 2 are offered back, largest first: each is shown again if
//!    the audit of the parts its equations fall in still passes with it. The result is safe,
//!    and maximal: no hidden group could be shown on top of it.
//!
//! # Cost
//!
//! Building parts and merging columns is linear in the number of (equation, answer) terms.
//! Elimination of a part costs at most rows × columns × rank with small integers; with the
//! groupings of `results` a dimension's part has one column per (rating organisation, rated
//! organisation) cell, so at most ~1,700 rows and ~1,600 columns for 40 organisations, and the
//! shown pair groups (one fixed column each) cost nothing. The search is exponential only in
//! `m − 1` and, thanks to the fixed columns, branches only on the few columns a basis cannot
//! avoid; the packing certificate usually closes a safe component without any branching. It
//! stops after 5,000,000 column insertions (then the part counts as unsafe); surveys of a few
//! hundred respondents need at most about 100,000. Each suppression round re-audits only parts
//! whose structure changed (the others come from a cache), and `results` hands over one rating
//! dimension when every dyad answered the same dimensions, the others being the same equations
//! with the unknowns renamed.
//!
//! Measured (release build, one core) for a network-wide survey of 300 respondents over 40
//! organisations with 15 partnerships, k from 3 to 20, reader a respondent or not: 0.01 to 0.3 s
//! for the whole of `results` (0.2 s with everyone rating all 39 others, up to 0.3 s when the
//! organisations' sizes are skewed towards ones and twos, below 0.1 s when each rates 5 to 10);
//! 120 respondents over 12 organisations: below 0.04 s. See the ignored timing test in
//! `tests/survey_attacker.rs`.

mod exact;
mod search;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use exact::{Echelon, Inserted, Row, Sparse, rref};
use search::Found;

/// A fast hasher for the auditor's own keys (indices and small integer vectors, nothing a
/// respondent chooses).
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_i64(&mut self, i: i64) {
        self.add(i as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// One term of a published equation: `coefficient × answer(respondent, variable)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Term {
    pub respondent: u32,
    /// What was answered (a question and option, a dimension and the organisation rated): the
    /// same variable of two respondents is two different unknowns.
    pub variable: u32,
    pub coefficient: i64,
}

/// A candidate group: every equation it publishes when shown (their values never matter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Group {
    pub equations: Vec<Vec<Term>>,
}

/// What may be shown of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Shown,
    /// Its own numbers rest on fewer than `m` respondents.
    TooFew {
        respondents: usize,
    },
    /// Shown together with the groups that are shown, a combination would rest on `people`
    /// respondents, fewer than `m` (`None` when the audit could only tell it was not sure).
    Combination {
        people: Option<usize>,
    },
}

/// An equation with its terms merged per unknown, zeros dropped.
type Equation = Vec<(u32, u32, i64)>;

struct Prepared {
    equations: Vec<Equation>,
    respondents: usize,
}

fn prepare(group: &Group) -> Prepared {
    let equations: Vec<Equation> = group
        .equations
        .iter()
        .map(|eq| {
            let mut merged: FastMap<(u32, u32), i64> = FastMap::default();
            for t in eq {
                *merged.entry((t.respondent, t.variable)).or_default() += t.coefficient;
            }
            let mut terms: Equation =
                merged.into_iter().filter(|(_, c)| *c != 0).map(|((r, v), c)| (r, v, c)).collect();
            terms.sort_unstable();
            terms
        })
        .filter(|eq| !eq.is_empty())
        .collect();
    let mut people: Vec<u32> = equations.iter().flatten().map(|t| t.0).collect();
    people.sort_unstable();
    people.dedup();
    Prepared { equations, respondents: people.len() }
}

type Owners = Vec<u32>;
/// A merged column: its owners and its coefficient in each equation (local row index).
type Column = (Owners, Vec<(u32, i64)>);

/// A connected part of the published equations.
struct Part {
    /// (group, equation) of each local row.
    rows: Vec<(usize, usize)>,
    columns: Vec<Column>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Safe,
    Isolatable(Vec<u32>),
    Undecided,
}

struct Auditor<'a> {
    groups: &'a [Prepared],
    m: usize,
    cache: FastMap<(usize, Vec<Column>), Outcome>,
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

impl Auditor<'_> {
    /// The rows of the given rows' connected parts (in order), those holding a row of `only`
    /// alone when it is given.
    fn components(&self, rows: &[(usize, usize)], only: Option<usize>) -> Vec<Vec<(usize, usize)>> {
        let equation = |&(g, e): &(usize, usize)| &self.groups[g].equations[e];
        let mut index: FastMap<u32, usize> = FastMap::default();
        let mut parent: Vec<usize> = Vec::new();
        for row in rows {
            let mut first = None;
            for &(_, variable, _) in equation(row) {
                let next = index.len();
                let i = *index.entry(variable).or_insert_with(|| {
                    parent.push(next);
                    next
                });
                match first {
                    None => first = Some(i),
                    Some(f) => {
                        let (a, b) = (find(&mut parent, f), find(&mut parent, i));
                        parent[a] = b;
                    }
                }
            }
        }
        let mut by_root: FastMap<usize, usize> = FastMap::default();
        let mut parts: Vec<Vec<(usize, usize)>> = Vec::new();
        for row in rows {
            let root = find(&mut parent, index[&equation(row)[0].1]);
            let p = *by_root.entry(root).or_insert_with(|| {
                parts.push(Vec::new());
                parts.len() - 1
            });
            parts[p].push(*row);
        }
        if let Some(group) = only {
            parts.retain(|rows| rows.iter().any(|r| r.0 == group));
        }
        parts
    }

    /// A part's merged columns.
    fn part(&self, rows: Vec<(usize, usize)>) -> Part {
        let equation = |&(g, e): &(usize, usize)| &self.groups[g].equations[e];
        let mut cells: FastMap<(u32, u32), Vec<(u32, i64)>> = FastMap::default();
        for (local, row) in rows.iter().enumerate() {
            for &(respondent, variable, coefficient) in equation(row) {
                cells.entry((respondent, variable)).or_default().push((local as u32, coefficient));
            }
        }
        let mut merged: FastMap<Vec<(u32, i64)>, Owners> = FastMap::default();
        for ((respondent, _), vector) in cells {
            merged.entry(vector).or_default().push(respondent);
        }
        let mut columns: Vec<Column> = merged
            .into_iter()
            .map(|(vector, mut owners)| {
                owners.sort_unstable();
                owners.dedup();
                (owners, vector)
            })
            .collect();
        columns.sort_unstable();
        Part { rows, columns }
    }

    /// The rows of every shown group.
    fn rows(&self, shown: &[bool]) -> Vec<(usize, usize)> {
        (0..self.groups.len())
            .filter(|g| shown[*g])
            .flat_map(|g| (0..self.groups[g].equations.len()).map(move |e| (g, e)))
            .collect()
    }

    /// The part that is not safe, with what was found in it: the one with the smallest
    /// isolatable set, the first (in the groups' order) between equals.
    fn audit(&mut self, rows: &[(usize, usize)], only: Option<usize>) -> Option<(Part, Outcome)> {
        let mut worst: Option<(Part, Outcome)> = None;
        for rows in self.components(rows, only) {
            let part = self.part(rows);
            let key = (part.rows.len(), part.columns.clone());
            let outcome = match self.cache.get(&key) {
                Some(outcome) => outcome.clone(),
                None => {
                    let outcome = judge(&part.columns, part.rows.len(), self.m);
                    self.cache.insert(key, outcome.clone());
                    outcome
                }
            };
            let rank = |o: &Outcome| match o {
                Outcome::Safe => usize::MAX,
                Outcome::Isolatable(s) => s.len(),
                Outcome::Undecided => usize::MAX - 1,
            };
            if rank(&outcome) < worst.as_ref().map_or(usize::MAX, |w| rank(&w.1)) {
                worst = Some((part, outcome));
            }
        }
        worst
    }

    /// The groups to hide against an isolatable `set` found in `part` (or, when the audit was
    /// undecided, the smallest group of the part). Groups publishing the very same equation are
    /// taken together: hiding one of two copies of a number hides nothing.
    fn culprit(&self, part: &Part, set: Option<&[u32]>) -> Vec<usize> {
        let mut rows: Vec<Sparse> = vec![Vec::new(); part.rows.len()];
        for (c, (_, vector)) in part.columns.iter().enumerate() {
            for &(r, coefficient) in vector {
                rows[r as usize].push((c as u32, coefficient as i128));
            }
        }
        // Copies of one equation (up to a factor) form one class.
        let mut class_of: FastMap<Sparse, usize> = FastMap::default();
        let mut classes: Vec<(Sparse, Vec<usize>)> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let g = row.iter().fold(0, |g, (_, v)| exact::gcd(g, *v));
            let sign = if row.first().is_some_and(|(_, v)| *v < 0) { -1 } else { 1 };
            let key: Sparse = row.iter().map(|(c, v)| (*c, v / g * sign)).collect();
            let next = classes.len();
            let i = *class_of.entry(key.clone()).or_insert_with(|| {
                classes.push((key, Vec::new()));
                next
            });
            classes[i].1.push(part.rows[r].0);
        }
        for (_, groups) in &mut classes {
            groups.sort_unstable();
            groups.dedup();
        }
        let size = |groups: &[usize]| groups.iter().map(|g| (self.groups[*g].respondents, *g)).min();
        let smallest = |flags: &[bool]| -> Option<Vec<usize>> {
            classes
                .iter()
                .zip(flags)
                .filter(|(_, f)| **f)
                .min_by_key(|((_, groups), _)| size(groups))
                .map(|((_, groups), _)| groups.clone())
        };
        let everything = vec![true; classes.len()];
        let fallback = || smallest(&everything).expect("a part has rows");
        let Some(set) = set else { return fallback() };
        let removed: Vec<bool> =
            part.columns.iter().map(|(owners, _)| owners.iter().all(|o| set.contains(o))).collect();
        // Classes that take part in some dependency, among all columns or among the columns
        // left once `set` is removed.
        let dependent = |keep: &dyn Fn(u32) -> bool| -> Option<Vec<bool>> {
            let mut order: Vec<usize> = (0..classes.len()).collect();
            order.sort_by_key(|i| (classes[*i].0.len(), *i));
            let mut echelon = Echelon::default();
            let mut flagged = vec![false; classes.len()];
            for i in order {
                let main: Sparse = classes[i].0.iter().copied().filter(|(c, _)| keep(*c)).collect();
                match echelon.insert(Row { main, track: vec![(i as u32, 1)] }).ok()? {
                    Inserted::Pivot => {}
                    Inserted::Dependent(track) => track.iter().for_each(|(x, _)| flagged[*x as usize] = true),
                }
            }
            Some(flagged)
        };
        let (Some(within), Some(outside)) = (dependent(&|_| true), dependent(&|c| !removed[c as usize])) else {
            return fallback();
        };
        // Hiding a class shrinks what `set` leaks exactly when it is needed for some
        // combination on `set` (a dependency once `set`'s columns are gone) without being a
        // mere combination of the others.
        let shrinking: Vec<bool> = (0..classes.len()).map(|i| outside[i] && !within[i]).collect();
        let touching: Vec<bool> =
            classes.iter().map(|(row, _)| row.iter().any(|(c, _)| removed[*c as usize])).collect();
        smallest(&shrinking).or_else(|| smallest(&outside)).or_else(|| smallest(&touching)).unwrap_or_else(fallback)
    }
}

/// Decides one part given by its merged columns.
fn judge(columns: &[Column], row_count: usize, m: usize) -> Outcome {
    let (fixed, small): (Vec<usize>, Vec<usize>) = (0..columns.len()).partition(|c| columns[*c].0.len() >= m);
    if small.is_empty() {
        return Outcome::Safe;
    }
    // Positions: fixed columns first, so that rows leading in a small column are zero on every
    // fixed one and span `rowspace ∩ {zero on fixed columns}`.
    let mut position = vec![0u32; columns.len()];
    for (p, c) in fixed.iter().chain(&small).enumerate() {
        position[*c] = p as u32;
    }
    let mut rows: Vec<Sparse> = vec![Vec::new(); row_count];
    for (c, (_, vector)) in columns.iter().enumerate() {
        for &(r, coefficient) in vector {
            rows[r as usize].push((position[c], coefficient as i128));
        }
    }
    rows.iter_mut().for_each(|r| r.sort_unstable());
    rows.sort_by_key(Vec::len);
    let mut echelon = Echelon::default();
    for main in rows {
        if echelon.insert(Row { main, track: Vec::new() }).is_err() {
            return Outcome::Undecided;
        }
    }
    let first_small = fixed.len() as u32;
    let mut matrix: Vec<Vec<i128>> = echelon
        .rows()
        .iter()
        .filter(|r| r.main[0].0 >= first_small)
        .map(|r| {
            let mut dense = vec![0i128; small.len()];
            for &(p, v) in &r.main {
                dense[(p - first_small) as usize] = v;
            }
            dense
        })
        .collect();
    if matrix.is_empty() {
        return Outcome::Safe;
    }
    // Pivots preferably in columns with more owners: a basis that avoids cheap columns.
    let mut order: Vec<usize> = (0..small.len()).collect();
    order.sort_by_key(|i| (std::cmp::Reverse(columns[small[*i]].0.len()), *i));
    let Ok(pivots) = rref(&mut matrix, &order) else { return Outcome::Undecided };
    // Components of the matroid: a pivot is joined to every column its row touches.
    let mut parent: Vec<usize> = (0..small.len()).collect();
    for &(r, c) in &pivots {
        for (e, v) in matrix[r].iter().enumerate() {
            if *v != 0 {
                let (a, b) = (find(&mut parent, c), find(&mut parent, e));
                parent[a] = b;
            }
        }
    }
    let mut components: Vec<(usize, Vec<usize>, Vec<usize>)> = Vec::new(); // (root, pivot rows, columns)
    for &(r, c) in &pivots {
        let root = find(&mut parent, c);
        match components.iter_mut().find(|x| x.0 == root) {
            Some(x) => x.1.push(r),
            None => components.push((root, vec![r], Vec::new())),
        }
    }
    for e in 0..small.len() {
        let root = find(&mut parent, e);
        if let Some(x) = components.iter_mut().find(|x| x.0 == root) {
            x.2.push(e);
        }
    }
    let mut best: Option<Vec<u32>> = None;
    let mut undecided = false;
    for (_, component_rows, component_columns) in &components {
        let vectors: Vec<Vec<i128>> =
            component_columns.iter().map(|&e| component_rows.iter().map(|&r| matrix[r][e]).collect()).collect();
        let owners: Vec<Owners> = component_columns.iter().map(|&e| columns[small[e]].0.clone()).collect();
        match search::search(&vectors, &owners, m) {
            Found::Safe => {}
            Found::Undecided => undecided = true,
            Found::Isolatable(set) => {
                if best.as_ref().is_none_or(|b| set.len() < b.len()) {
                    best = Some(set);
                }
            }
        }
    }
    match (best, undecided) {
        (Some(set), _) => Outcome::Isolatable(set),
        (None, true) => Outcome::Undecided,
        (None, false) => Outcome::Safe,
    }
}

/// Whether the given groups, shown together, let some combination single out fewer than `m`
/// respondents: `Some(those respondents)` (or an empty list when the audit could not decide).
pub fn disclosure(groups: &[Group], m: usize) -> Option<Vec<u32>> {
    let prepared: Vec<Prepared> = groups.iter().map(prepare).collect();
    let mut auditor = Auditor { groups: &prepared, m, cache: FastMap::default() };
    let rows = auditor.rows(&vec![true; groups.len()]);
    match auditor.audit(&rows, None)? {
        (_, Outcome::Isolatable(set)) => Some(set),
        (_, Outcome::Undecided) => Some(Vec::new()),
        (_, Outcome::Safe) => None,
    }
}

/// Decides every group: shown only if, with everything else shown, no combination of the
/// published equations rests on fewer than `m` respondents (see the module documentation for
/// the order in which groups are hidden).
pub fn decide(groups: &[Group], m: usize) -> Vec<Decision> {
    let prepared: Vec<Prepared> = groups.iter().map(prepare).collect();
    let mut decisions: Vec<Decision> = prepared
        .iter()
        .map(|g| if g.respondents < m { Decision::TooFew { respondents: g.respondents } } else { Decision::Shown })
        .collect();
    let mut auditor = Auditor { groups: &prepared, m, cache: FastMap::default() };
    let shown = |decisions: &[Decision]| -> Vec<bool> { decisions.iter().map(|d| *d == Decision::Shown).collect() };
    let people = |outcome: &Outcome| match outcome {
        Outcome::Isolatable(set) => Some(set.len()),
        _ => None,
    };
    let mut secondary: Vec<usize> = Vec::new();
    while let Some((mut part, mut outcome)) = auditor.audit(&auditor.rows(&shown(&decisions)), None) {
        // Settle this part before auditing everything again: the other parts do not change
        // when its groups are hidden, except parts of the same structure (the other rating
        // dimensions, typically), which the cache then answers.
        loop {
            let set = match &outcome {
                Outcome::Isolatable(set) => Some(set.as_slice()),
                _ => None,
            };
            let culprits = auditor.culprit(&part, set);
            for g in &culprits {
                decisions[*g] = Decision::Combination { people: people(&outcome) };
                secondary.push(*g);
            }
            let rows: Vec<(usize, usize)> = part.rows.iter().copied().filter(|r| !culprits.contains(&r.0)).collect();
            match auditor.audit(&rows, None) {
                Some(next) => (part, outcome) = next,
                None => break,
            }
        }
    }
    if secondary.is_empty() {
        return decisions;
    }
    // Offer the hidden ones back, largest first; only the parts a group's equations fall in
    // can change when it is shown.
    secondary.sort_by_key(|g| (std::cmp::Reverse(prepared[*g].respondents), *g));
    for g in secondary {
        decisions[g] = Decision::Shown;
        if let Some((_, outcome)) = auditor.audit(&auditor.rows(&shown(&decisions)), Some(g)) {
            decisions[g] = Decision::Combination { people: people(&outcome) };
        }
    }
    decisions
}
