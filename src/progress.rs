//! A progress line for long commands, redrawn in place on a terminal and printed every tenth
//! of the way otherwise, so logs of CI runs stay short.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Instant;

pub struct Progress {
    label: String,
    started: Instant,
    terminal: bool,
    last_tenth: Mutex<u64>,
}

impl Progress {
    pub fn new(label: impl Into<String>) -> Progress {
        Progress {
            label: label.into(),
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            last_tenth: Mutex::new(u64::MAX),
        }
    }

    pub fn update(&self, done: u64, total: u64) {
        let total = total.max(done).max(1);
        let fraction = done as f64 / total as f64;
        let tenth = (fraction * 10.0) as u64;
        if !self.terminal {
            let mut last = self.last_tenth.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if *last == tenth {
                return;
            }
            *last = tenth;
        }
        const WIDTH: usize = 30;
        let filled = (fraction * WIDTH as f64).round() as usize;
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(WIDTH - filled));
        let line = format!(
            "{} {bar} {:>3.0}% {done}/{total} ({:.1} s)",
            self.label,
            fraction * 100.0,
            self.started.elapsed().as_secs_f64()
        );
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(err, "\r{line}");
        } else {
            let _ = writeln!(err, "{line}");
        }
        let _ = err.flush();
    }

    pub fn finish(&self) {
        if self.terminal {
            eprintln!();
        }
    }
}
