//! Crash safety of the file store (the storage rule "a crash mid-write leaves the old set or
//! the new, never a torn one"). A child process — this test binary run again as its ignored
//! test `reliability::crash::crash_child_writer` — writes sessions through [`FileStore`] in a
//! loop and reports each write that returned; the parent kills it with SIGKILL at a random
//! moment, many times, and after every kill reads the store back: it must hold exactly the
//! last acknowledged session or the one that was being written, never a torn, mixed or
//! unreadable one. With and without encryption. Stale temporary files of killed writers must
//! not pile up either (they hold a copy of the tokens).
//!
//! With two writers (two processes writing different items of one namespace file, as an app
//! and its extension or two CLI invocations do), each kill must also leave the other writer's
//! item: the store's read-modify-write is locked across processes, so no write drops another's.

use cognito_auth::{FileStore, SecureStore, StoreKey};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NAMESPACE: &str = "cognito-auth.crashtest";
const KEY: &str = "session";
/// Kills per mode (plain, encrypted).
const KILLS: usize = 150;

/// A session-sized document (about 6 KB, like three Cognito tokens) fully determined by
/// `seq`, so any mix of two writes is detected byte for byte.
fn payload(seq: u64) -> Vec<u8> {
    let filler = |tag: &str, len: usize| -> String {
        let unit = format!("{tag}{seq:016x}");
        unit.repeat(len / unit.len() + 1)[..len].to_owned()
    };
    serde_json::json!({
        "version": 1,
        "seq": seq,
        "user_pool": {
            "tokens": {
                "id_token": filler("id", 1800),
                "access_token": filler("ac", 1200),
                "refresh_token": filler("rf", 1700),
            }
        },
        "identity": {"secret_access_key": filler("sk", 40), "session_token": filler("st", 1000)},
        "end": seq,
    })
    .to_string()
    .into_bytes()
}

fn seq_of(bytes: &[u8]) -> u64 {
    let v: serde_json::Value = serde_json::from_slice(bytes).expect("stored session is JSON");
    v["seq"].as_u64().expect("seq")
}

fn store(dir: &Path, key: Option<&str>) -> FileStore {
    match key {
        Some(k) => FileStore::encrypted(dir, StoreKey::from_base64(k).unwrap()).unwrap(),
        None => FileStore::new(dir).unwrap(),
    }
}

fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// The writer. Not a test of its own: the crash tests run it as a child process.
#[test]
#[ignore = "child process of the crash-safety tests"]
fn crash_child_writer() {
    let Ok(dir) = std::env::var("CRASH_DIR") else {
        return;
    };
    let key = std::env::var("CRASH_KEY").ok();
    let mut seq: u64 = std::env::var("CRASH_START").unwrap().parse().unwrap();
    // One of two writers writes only its own item.
    let item = std::env::var("CRASH_ITEM").ok();
    let s = store(Path::new(&dir), key.as_deref());
    block_on(async {
        loop {
            seq += 1;
            s.set(NAMESPACE, item.as_deref().unwrap_or(KEY), payload(seq))
                .await
                .unwrap();
            if item.is_none() && seq.is_multiple_of(3) {
                // A second item in the same file, as device secrets are.
                s.set(NAMESPACE, "device.alice", payload(seq))
                    .await
                    .unwrap();
            }
            println!("ACK {seq}");
        }
    });
}

/// The writer's full name in this binary (`reliability::crash::crash_child_writer`), for
/// `--exact`: its module path without the crate name.
fn child_test_name() -> String {
    let module = module_path!().split_once("::").map_or("", |(_, m)| m);
    format!("{module}::crash_child_writer")
}

struct Tally {
    kills: usize,
    landed_after_write: usize,
    temp_files_seen: usize,
}

fn kill_loop(key: Option<&str>) -> Tally {
    let dir = std::env::temp_dir().join(format!(
        "cognito-auth-crash-{}-{}",
        std::process::id(),
        key.is_some()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let reader = store(&dir, key);
    block_on(reader.set(NAMESPACE, KEY, payload(0))).unwrap();
    let mut acked: u64 = 0;
    let mut tally = Tally {
        kills: 0,
        landed_after_write: 0,
        temp_files_seen: 0,
    };
    let exe = std::env::current_exe().unwrap();
    let child = child_test_name();
    let deadline = Instant::now() + Duration::from_secs(120);
    for i in 0..KILLS {
        assert!(Instant::now() < deadline, "crash loop took too long");
        let mut cmd = Command::new(&exe);
        cmd.args([
            child.as_str(),
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CRASH_DIR", &dir)
        .env("CRASH_START", acked.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
        if let Some(k) = key {
            cmd.env("CRASH_KEY", k);
        }
        let mut child = cmd.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let lines = std::thread::spawn(move || {
            let mut last = None;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // The harness may print `test reliability::crash::crash_child_writer ... ` on the
                // same line.
                if let Some(at) = line.rfind("ACK ") {
                    last = line[at + 4..].trim().parse::<u64>().ok().or(last);
                }
            }
            last
        });
        // A random moment: sometimes before the first write, mostly in the middle of the loop.
        let mut r = [0u8; 2];
        getrandom::fill(&mut r).unwrap();
        let wait_us =
            u64::from(u16::from_le_bytes(r)) % if i.is_multiple_of(10) { 3_000 } else { 40_000 };
        std::thread::sleep(Duration::from_micros(wait_us));
        child.kill().unwrap();
        child.wait().unwrap();
        tally.kills += 1;
        if let Some(last) = lines.join().unwrap() {
            acked = acked.max(last);
        }
        tally.temp_files_seen += std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            })
            .count();
        let stored = block_on(reader.get(NAMESPACE, KEY))
            .unwrap_or_else(|e| panic!("kill {i}: store unreadable after SIGKILL: {e}"))
            .unwrap_or_else(|| panic!("kill {i}: session gone after SIGKILL"));
        let seq = seq_of(&stored);
        assert!(
            seq == acked || seq == acked + 1,
            "kill {i}: stored #{seq}, last acknowledged #{acked}"
        );
        assert_eq!(stored, payload(seq), "kill {i}: session #{seq} is torn");
        if let Some(device) = block_on(reader.get(NAMESPACE, "device.alice")).unwrap() {
            let d = seq_of(&device);
            assert_eq!(device, payload(d), "kill {i}: second item torn");
        }
        if seq == acked + 1 {
            tally.landed_after_write += 1;
        }
        acked = seq;
    }
    // The next write through the store cleans up what killed writers left behind.
    block_on(reader.set(NAMESPACE, KEY, payload(acked + 1))).unwrap();
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(
        left.is_empty(),
        "stale temporary files (token copies) remain: {left:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    tally
}

fn report(mode: &str, t: &Tally) {
    eprintln!(
        "crash safety ({mode}): {} SIGKILLs; {} landed after a write reached the disk but before \
         it was acknowledged; {} temporary files of interrupted writes seen; every read back was \
         the old or the new session",
        t.kills, t.landed_after_write, t.temp_files_seen
    );
}

#[test]
fn sigkill_mid_write_leaves_the_old_or_the_new_session() {
    let t = kill_loop(None);
    report("plain", &t);
    assert_eq!(t.kills, KILLS);
}

#[test]
fn sigkill_mid_write_leaves_the_old_or_the_new_session_encrypted() {
    let key = StoreKey::generate().unwrap().to_base64();
    let t = kill_loop(Some(&key));
    report("AES-256-GCM", &t);
    assert_eq!(t.kills, KILLS);
}

/// A writer child on `item`, from `start`; its stdout is read by a thread that returns the
/// last acknowledged sequence number.
fn spawn_writer(
    dir: &Path,
    key: &str,
    item: &str,
    start: u64,
) -> (std::process::Child, std::thread::JoinHandle<Option<u64>>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            child_test_name().as_str(),
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CRASH_DIR", dir)
        .env("CRASH_START", start.to_string())
        .env("CRASH_KEY", key)
        .env("CRASH_ITEM", item)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let lines = std::thread::spawn(move || {
        let mut last = None;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(at) = line.rfind("ACK ") {
                last = line[at + 4..].trim().parse::<u64>().ok().or(last);
            }
        }
        last
    });
    (child, lines)
}

#[test]
fn two_writers_killed_mid_write_lose_neither_item() {
    const TWO_WRITER_KILLS: usize = 100;
    let key = StoreKey::generate().unwrap().to_base64();
    let dir = std::env::temp_dir().join(format!("cognito-auth-crash2-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let reader = store(&dir, Some(&key));
    let items = ["session", "device.bob"];
    for item in items {
        block_on(reader.set(NAMESPACE, item, payload(0))).unwrap();
    }
    let mut acked = [0u64; 2];
    let mut in_flight_landed = 0;
    let deadline = Instant::now() + Duration::from_secs(120);
    for i in 0..TWO_WRITER_KILLS {
        assert!(Instant::now() < deadline, "crash loop took too long");
        let writers: Vec<_> = items
            .iter()
            .zip(acked)
            .map(|(item, start)| spawn_writer(&dir, &key, item, start))
            .collect();
        let mut r = [0u8; 2];
        getrandom::fill(&mut r).unwrap();
        std::thread::sleep(Duration::from_micros(
            15_000 + u64::from(u16::from_le_bytes(r)) % 45_000,
        ));
        let mut lasts = Vec::new();
        for (mut child, lines) in writers {
            child.kill().unwrap();
            child.wait().unwrap();
            lasts.push(lines.join().unwrap());
        }
        for (n, item) in items.iter().enumerate() {
            if let Some(last) = lasts[n] {
                acked[n] = acked[n].max(last);
            }
            let stored = block_on(reader.get(NAMESPACE, item))
                .unwrap_or_else(|e| panic!("kill {i}: store unreadable: {e}"))
                .unwrap_or_else(|| panic!("kill {i}: {item} lost to the other writer"));
            let seq = seq_of(&stored);
            assert!(
                seq == acked[n] || seq == acked[n] + 1,
                "kill {i}: {item} is #{seq}, last acknowledged #{}",
                acked[n]
            );
            assert_eq!(stored, payload(seq), "kill {i}: {item} #{seq} is torn");
            if seq == acked[n] + 1 {
                in_flight_landed += 1;
            }
            acked[n] = seq;
        }
    }
    eprintln!(
        "crash safety (two writers, AES-256-GCM): {TWO_WRITER_KILLS} double SIGKILLs; \
         {in_flight_landed} writes landed unacknowledged; neither writer's item was ever lost \
         or torn; final #{} and #{}",
        acked[0], acked[1]
    );
    assert!(
        acked.iter().all(|&a| a > 0),
        "both writers wrote: {acked:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
