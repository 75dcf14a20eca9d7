//! Drives the real soudan binary in a pseudo-terminal and reads its screen through a
//! terminal emulator, as a counselor's terminal would show it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long to wait for the screen to show something before failing (a bound on a hang,
/// not a performance requirement).
const PATIENCE: Duration = Duration::from_secs(30);

pub struct Soudan {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn MasterPty + Send>,
}

/// A temporary home for one test: database and config directory.
pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new(config: &str) -> Workdir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        std::fs::write(dir.path().join("config/config.toml"), config).unwrap();
        Workdir { dir }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data/soudan.db")
    }

    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// Runs a soudan subcommand on this workdir's database; returns (status, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        self.run_on(&self.db(), args)
    }

    /// The same on another database file (a backup's copy, say).
    pub fn run_on(&self, db: &Path, args: &[&str]) -> (i32, String, String) {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_soudan"))
            .arg("--db")
            .arg(db)
            .arg("--config-dir")
            .arg(self.config_dir())
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    pub fn start(&self, cols: u16, rows: u16) -> Soudan {
        Soudan::spawn(&self.db(), &self.config_dir(), cols, rows)
    }
}

impl Soudan {
    pub fn spawn(db: &Path, config_dir: &Path, cols: u16, rows: u16) -> Soudan {
        Soudan::spawn_args(db, config_dir, &[], cols, rows)
    }

    /// soudan with more arguments (a subcommand that asks on the terminal).
    pub fn spawn_args(db: &Path, config_dir: &Path, args: &[&str], cols: u16, rows: u16) -> Soudan {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_soudan"));
        command.arg("--db");
        command.arg(db);
        command.arg("--config-dir");
        command.arg(config_dir);
        command.args(args);
        command.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(command).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("cols"),
            0,
        )));
        let feed = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        Soudan {
            child,
            writer,
            screen,
            _master: pair.master,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`; panics with the screen if it never does.
    pub fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let contents = self.contents();
            if contents.contains(text) {
                return contents;
            }
            if Instant::now() > deadline {
                panic!("the screen never showed {text:?}; it shows:\n{contents}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends bytes as typed (text arrives as an IME commits it: UTF-8).
    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Sends one key and waits for the screen to show `then`.
    pub fn key(&mut self, key: &str, then: &str) -> String {
        self.send(key);
        self.wait_for(then)
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("running")
    }

    pub fn kill_9(&mut self) {
        let pid = self.pid();
        let status = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        self.child.wait().unwrap();
    }

    /// Waits for the program to exit by itself; returns whether it succeeded.
    pub fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "soudan did not exit; the screen shows:\n{}",
                    self.contents()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

pub const ESC: &str = "\x1b";
pub const ENTER: &str = "\r";
pub const CTRL_S: &str = "\x13";
