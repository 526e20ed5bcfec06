//! Runs the fuzz targets without libFuzzer: each on its committed corpus (corpus/<target>/),
//! then on pseudo-random inputs (fresh ones, and corpus entries with a few bytes changed) from a
//! printed seed, for a number of inputs or seconds.
//!
//!   driver [--secs S]                  every target, S seconds each (default 3), each in a
//!                                      child process; prints one summary line:
//!                                      fuzz-smoke: N passed, N failed, N skipped
//!   driver TARGET [--secs S] [--runs N] [--seed N]
//!                                      one target (--runs: stop after N random inputs)
//!   driver TARGET FILE...              replay inputs, e.g. libFuzzer's crash files
//!
//! A failing input is written to artifacts/<target>/ (as libFuzzer does) and can be replayed.
//! A target that cannot run here (no io_uring) exits 77 and counts as skipped.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::{exit, Command};
use std::time::{Duration, Instant, SystemTime};

use uring_fuzz::TARGETS;

const FUZZ_DIR: &str = env!("CARGO_MANIFEST_DIR");

thread_local! {
    /// The target and input being run, for the panic hook to save.
    static CURRENT: RefCell<(&'static str, Vec<u8>)> = const { RefCell::new(("", Vec::new())) };
}

/// splitmix64: small, and the same sequence for the same seed everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Bytes that decode to edge cases often: zeros and all-ones as well as anything.
    fn byte(&mut self) -> u8 {
        match self.next() % 8 {
            0 | 1 => 0,
            2 => 0xff,
            _ => self.next() as u8,
        }
    }

    /// A fresh input, or a corpus entry with a few bytes changed.
    fn input(&mut self, corpus: &[Vec<u8>]) -> Vec<u8> {
        if corpus.is_empty() || self.next().is_multiple_of(2) {
            let len = self.below(512);
            return (0..len).map(|_| self.byte()).collect();
        }
        let mut v = corpus[self.below(corpus.len())].clone();
        for _ in 0..=self.below(4) {
            let at = self.below(v.len() + 1);
            match self.next() % 3 {
                0 => v.insert(at, self.byte()),
                1 if at < v.len() => {
                    v.remove(at);
                }
                _ if at < v.len() => v[at] = self.byte(),
                _ => v.push(self.byte()),
            }
        }
        v
    }
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(FUZZ_DIR).join("corpus").join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(d) => d.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files.iter().filter_map(|f| std::fs::read(f).ok()).collect()
}

fn run_one(name: &'static str, run: fn(&[u8]), input: &[u8]) {
    CURRENT.with_borrow_mut(|c| {
        c.0 = name;
        c.1.clear();
        c.1.extend_from_slice(input);
    });
    run(input);
}

/// Save the input that panicked, so that it can be replayed and added to the corpus.
fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        CURRENT.with_borrow(|(name, input)| {
            let dir = Path::new(FUZZ_DIR).join("artifacts").join(name);
            let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ *b as u64).wrapping_mul(0x100_0000_01b3)
            });
            let file = dir.join(format!("driver-crash-{hash:016x}"));
            let saved = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&file, input));
            match saved {
                Ok(()) => eprintln!(
                    "driver: {name}: input saved to {}; replay: cargo run --release \
                     --no-default-features --bin driver -- {name} {}",
                    file.display(),
                    file.display()
                ),
                Err(e) => eprintln!("driver: {name}: cannot save the input ({e}): {input:02x?}"),
            }
        });
    }));
}

fn usage() -> ! {
    eprintln!("usage: driver [--secs S] | driver TARGET [--secs S] [--runs N] [--seed N] | driver TARGET FILE...");
    exit(2)
}

struct Options {
    target: Option<&'static str>,
    secs: f64,
    runs: Option<u64>,
    seed: Option<u64>,
    files: Vec<String>,
}

fn options() -> Options {
    let mut o = Options {
        target: None,
        secs: 3.0,
        runs: None,
        seed: None,
        files: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--secs" => o.secs = value().parse().unwrap_or_else(|_| usage()),
            "--runs" => o.runs = Some(value().parse().unwrap_or_else(|_| usage())),
            "--seed" => o.seed = Some(value().parse().unwrap_or_else(|_| usage())),
            _ if a.starts_with('-') => usage(),
            _ if o.target.is_none() => {
                let t = TARGETS
                    .iter()
                    .find(|(n, _)| *n == a)
                    .unwrap_or_else(|| usage());
                o.target = Some(t.0);
            }
            _ => o.files.push(a),
        }
    }
    o
}

/// One target in this process: exit 0 when every input passed (a finding aborts), 77 to skip.
fn fuzz_target(name: &'static str, o: &Options) -> ! {
    let run = TARGETS.iter().find(|(n, _)| *n == name).unwrap().1;
    if name == "api_seq" {
        if let Err(why) = uring_fuzz::api_seq::available() {
            eprintln!("driver: {name}: skipped: {why}");
            exit(77);
        }
    }
    install_panic_hook();
    if !o.files.is_empty() {
        for f in &o.files {
            let input = std::fs::read(f).unwrap_or_else(|e| panic!("{f}: {e}"));
            run_one(name, run, &input);
            println!("{name}: {f}: passed");
        }
        exit(0);
    }
    let seed = o.seed.unwrap_or_else(|| {
        let t = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap();
        t.as_nanos() as u64 ^ std::process::id() as u64
    });
    let corpus = corpus(name);
    let start = Instant::now();
    for input in &corpus {
        run_one(name, run, input);
    }
    let mut rng = Rng(seed);
    let limit = Duration::from_secs_f64(o.secs);
    let mut random = 0u64;
    while o.runs.map_or(start.elapsed() < limit, |r| random < r) {
        let input = rng.input(&corpus);
        run_one(name, run, &input);
        random += 1;
    }
    println!(
        "  {name}: {} executions ({} corpus + {random} random) in {:.1} s, seed {seed} \
         (--seed {seed} --runs {random} repeats them)",
        corpus.len() as u64 + random,
        corpus.len(),
        start.elapsed().as_secs_f64()
    );
    exit(0)
}

fn main() {
    let o = options();
    if let Some(name) = o.target {
        fuzz_target(name, &o);
    }
    let me = std::env::current_exe().expect("the driver's own path");
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for (name, _) in TARGETS {
        let status = Command::new(&me)
            .args([name, "--secs", &o.secs.to_string()])
            .status();
        match status.map(|s| s.code()) {
            Ok(Some(0)) => passed += 1,
            Ok(Some(77)) => skipped += 1,
            other => {
                println!("  {name}: FAILED ({other:?})");
                failed += 1;
            }
        }
    }
    println!("fuzz-smoke: {passed} passed, {failed} failed, {skipped} skipped");
    exit(if failed > 0 { 1 } else { 0 });
}
