//! The catalogues of schema folders: `tests/fixtures/broken/` (each must give an error naming
//! the place) and `tests/fixtures/odd/` (valid but awkward), and the build script of
//! `stytch-types` run on them directly.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One schema folder of the catalogue.
pub struct Case {
    pub name: String,
    pub dir: PathBuf,
    /// Keeps a generated case's folder alive.
    _temp: Option<tempfile::TempDir>,
}

impl Case {
    /// The committed folder `dir`.
    pub fn at(dir: &Path) -> Case {
        Case {
            name: dir
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            dir: dir.to_path_buf(),
            _temp: None,
        }
    }

    /// A case written into `temp` (kept alive with the case).
    pub fn written(name: &str, dir: PathBuf, temp: tempfile::TempDir) -> Case {
        Case {
            name: name.to_string(),
            dir,
            _temp: Some(temp),
        }
    }

    /// Whether the case was written by a test rather than committed.
    pub fn generated(&self) -> bool {
        self._temp.is_some()
    }
}

/// The committed folders of `tests/fixtures/<kind>/`.
pub fn committed(kind: &str) -> Vec<Case> {
    let root = tests::workspace_root().join("tests/fixtures").join(kind);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("the catalogue exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.iter().map(|dir| Case::at(dir)).collect()
}

/// Runs the library on `dir`, failing the test (with the case name) if it panics.
pub fn generate(case: &Case) -> codegen::Result<codegen::Generated> {
    std::panic::catch_unwind(|| codegen::generate(&case.dir))
        .unwrap_or_else(|_| panic!("{}: the generator panicked", case.name))
}

/// `text` with the case folder's absolute path replaced by `schemas`, so snapshots are the same
/// on every machine.
pub fn relative(text: &str, case: &Case) -> String {
    text.replace(&case.dir.display().to_string(), "schemas")
}

/// The build script of `stytch-types` (already built: this package depends on it), run directly
/// on every case instead of through `cargo build`, which would wait for the lock this test run
/// holds.
pub fn build_script() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    // target/<profile>/deps/integration-<hash>
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary is in target/<profile>/deps");
    let mut scripts: Vec<(std::time::SystemTime, PathBuf)> =
        std::fs::read_dir(profile.join("build"))
            .expect("target/<profile>/build exists")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with("stytch-types-"))
            .map(|e| e.path().join("build-script-build"))
            .filter_map(|p| Some((p.metadata().ok()?.modified().ok()?, p)))
            .collect();
    scripts.sort();
    scripts
        .pop()
        .map(|(_, path)| path)
        .expect("the stytch-types build script is built")
}

pub fn run_build_script(script: &Path, case: &Case, out_dir: &Path) -> std::process::Output {
    Command::new(script)
        .env(
            "CARGO_MANIFEST_DIR",
            tests::workspace_root().join("generated"),
        )
        .env("OUT_DIR", out_dir)
        .env("STYTCH_SCHEMAS_DIR", &case.dir)
        // As cargo sets it for the default feature `validators`.
        .env("CARGO_FEATURE_VALIDATORS", "1")
        .output()
        .expect("the build script runs")
}
