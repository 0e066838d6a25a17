//! Abuse limits on everything that takes a password or a secret (issue 20): signing in, the
//! current password when changing it, "forgot password" requests, and every secret link or
//! token (survey links, invitations, calendar feeds, password-reset links, API tokens).
//!
//! Each limit is a bucket of attempts per key (an account's e-mail address, a client address)
//! that refills at a steady rate: a person who mistypes a few times never notices it, a script
//! trying thousands of guesses gets `AppError::Throttled` with the time until its next try.
//! Failures are what empty the buckets (a wrong password, a link that opens nothing), except
//! for "forgot password", where every request counts, since each one may send an e-mail.
//! While a bucket is empty even the right password is refused: otherwise a guesser would learn
//! it was right.
//!
//! The buckets live in this process's memory: a restart forgets them, and two servers on one
//! database each keep their own (so together they allow up to twice as much). The memory is
//! bounded: at [`MAX_KEYS`] keys, the buckets that refilled are forgotten first (they say
//! nothing), then the least recently used half.
//!
//! IPv6 clients are counted by their /64 network, which one household or one attacker holds
//! whole; IPv4 clients by their address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// How many keys the throttle remembers at most (about 100 bytes each).
pub const MAX_KEYS: usize = 50_000;

/// A bucket of `burst` attempts that regains one every `every_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub burst: u32,
    pub every_seconds: u32,
}

/// Wrong passwords for one account, from anywhere: ten, then one a minute.
pub const PASSWORD_PER_ACCOUNT: Limit = Limit { burst: 10, every_seconds: 60 };
/// Wrong passwords from one client address, whatever the account: thirty (a school's staff
/// behind one address mistype too), then one every ten seconds.
pub const PASSWORD_PER_ADDRESS: Limit = Limit { burst: 30, every_seconds: 10 };
/// Secrets that open nothing, from one client address: thirty, then one every two seconds.
pub const SECRETS_PER_ADDRESS: Limit = Limit { burst: 30, every_seconds: 2 };
/// "Forgot password" requests for one typed address: three, then one every ten minutes.
pub const RESETS_PER_ACCOUNT: Limit = Limit { burst: 3, every_seconds: 600 };
/// "Forgot password" requests from one client address: ten, then one a minute.
pub const RESETS_PER_ADDRESS: Limit = Limit { burst: 10, every_seconds: 60 };

/// What a bucket counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// Wrong passwords for this (normalised) e-mail address.
    Password(String),
    /// Wrong passwords from this client.
    PasswordFrom(IpAddr),
    /// Secrets that opened nothing, from this client.
    SecretFrom(IpAddr),
    /// Reset requests for this (normalised) e-mail address.
    Reset(String),
    /// Reset requests from this client.
    ResetFrom(IpAddr),
}

impl Key {
    /// The key for a typed e-mail address: trimmed and lower-cased as accounts are, and cut to
    /// the longest address there can be, so no request makes a key larger.
    pub fn account(email: &str) -> String {
        email.trim().to_lowercase().chars().take(254).collect()
    }

    /// The client as the throttle counts it: an IPv6 address by its /64 network.
    pub fn client(address: IpAddr) -> IpAddr {
        match address {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => {
                    let mut octets = v6.octets();
                    octets[8..].fill(0);
                    IpAddr::V6(octets.into())
                }
            },
            v4 @ IpAddr::V4(_) => v4,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    /// Attempts left as of `at`, fractions included.
    left: f64,
    at: DateTime<Utc>,
}

impl Bucket {
    fn left_at(&self, limit: Limit, now: DateTime<Utc>) -> f64 {
        let elapsed = (now - self.at).num_milliseconds().max(0) as f64 / 1000.0;
        (self.left + elapsed / f64::from(limit.every_seconds)).min(f64::from(limit.burst))
    }
}

/// The buckets of one process.
#[derive(Debug, Default)]
pub struct Throttle {
    buckets: Mutex<HashMap<Key, (Limit, Bucket)>>,
}

impl Throttle {
    /// `Err(seconds)` to wait when any of `keys` has no attempt left at `now`.
    pub fn check(&self, now: DateTime<Utc>, keys: &[(Key, Limit)]) -> Result<(), u64> {
        let buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut wait: f64 = 0.0;
        for (key, limit) in keys {
            if let Some((_, bucket)) = buckets.get(key) {
                let left = bucket.left_at(*limit, now);
                if left < 1.0 {
                    wait = wait.max((1.0 - left) * f64::from(limit.every_seconds));
                }
            }
        }
        if wait > 0.0 { Err(wait.ceil() as u64) } else { Ok(()) }
    }

    /// Takes one attempt from each of `keys`.
    pub fn spend(&self, now: DateTime<Utc>, keys: &[(Key, Limit)]) {
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for (key, limit) in keys {
            if !buckets.contains_key(key) && buckets.len() >= MAX_KEYS {
                forget_some(&mut buckets, now);
            }
            let (_, bucket) =
                buckets.entry(key.clone()).or_insert((*limit, Bucket { left: f64::from(limit.burst), at: now }));
            let left = bucket.left_at(*limit, now);
            *bucket = Bucket { left: (left - 1.0).max(0.0), at: now };
        }
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Makes room: forgets the buckets that refilled, then, if that was not enough, the least
/// recently used half.
fn forget_some(buckets: &mut HashMap<Key, (Limit, Bucket)>, now: DateTime<Utc>) {
    buckets.retain(|_, (limit, bucket)| bucket.left_at(*limit, now) < f64::from(limit.burst));
    if buckets.len() >= MAX_KEYS / 2 {
        let mut moments: Vec<DateTime<Utc>> = buckets.values().map(|(_, b)| b.at).collect();
        let middle = moments.len() / 2;
        let (_, cut, _) = moments.select_nth_unstable(middle);
        let cut = *cut;
        buckets.retain(|_, (_, bucket)| bucket.at > cut);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    #[test]
    fn a_bucket_empties_then_refills_at_its_rate() {
        let throttle = Throttle::default();
        let keys = [(Key::Password("ann@example.org".into()), PASSWORD_PER_ACCOUNT)];
        for _ in 0..10 {
            assert_eq!(throttle.check(at(0), &keys), Ok(()));
            throttle.spend(at(0), &keys);
        }
        assert_eq!(throttle.check(at(0), &keys), Err(60), "the eleventh waits a minute");
        assert_eq!(throttle.check(at(30), &keys), Err(30));
        assert_eq!(throttle.check(at(60), &keys), Ok(()), "one attempt came back");
        throttle.spend(at(60), &keys);
        assert_eq!(throttle.check(at(60), &keys), Err(60));
        let other = [(Key::Password("bob@example.org".into()), PASSWORD_PER_ACCOUNT)];
        assert_eq!(throttle.check(at(60), &other), Ok(()), "another account is not affected");
    }

    #[test]
    fn ipv6_clients_count_by_their_network() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let two: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let elsewhere: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(Key::client(one), Key::client(two));
        assert_ne!(Key::client(one), Key::client(elsewhere));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(Key::client(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn memory_stays_bounded_and_keeps_the_recent_buckets() {
        let throttle = Throttle::default();
        let slow = Limit { burst: 1, every_seconds: 3600 };
        let key = |n: usize| [(Key::Password(format!("p{n}@example.org")), slow)];
        for n in 0..MAX_KEYS + 10 {
            throttle.spend(at((n / 1000) as i64), &key(n));
        }
        assert!(throttle.len() <= MAX_KEYS, "{}", throttle.len());
        let now = at((MAX_KEYS / 1000) as i64);
        assert!(throttle.check(now, &key(MAX_KEYS + 9)).is_err(), "the newest bucket is kept");
        assert_eq!(throttle.check(now, &key(0)), Ok(()), "the oldest was forgotten");
    }
}
