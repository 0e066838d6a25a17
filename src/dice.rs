//! A tiny deterministic random generator (xorshift64*), so the demo tells the same story every
//! time and `rapport generate --seed N` builds the same network on every machine.

use chrono::Duration;

pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Dice {
        // xorshift must not start at zero; mixing the seed also spreads nearby seeds apart.
        Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// A generator in exactly this state, for stories written against it (the demo).
    pub const fn from_state(state: u64) -> Dice {
        Dice(state)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number of days in `0..n`.
    pub fn days(&mut self, n: u64) -> Duration {
        Duration::days(self.below(n) as i64)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_rolls_the_same_numbers() {
        let (mut a, mut b, mut c) = (Dice::new(7), Dice::new(7), Dice::new(8));
        let rolls = |d: &mut Dice| (0..5).map(|_| d.below(1000)).collect::<Vec<_>>();
        let first = rolls(&mut a);
        assert_eq!(first, rolls(&mut b));
        assert_ne!(first, rolls(&mut c));
        assert!(first.iter().all(|n| *n < 1000));
    }
}
