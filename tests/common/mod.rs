//! Pieces shared by the test crates.

use std::path::{Path, PathBuf};

/// Every `.aio` file under `dir`, recursively, in sorted order.
pub fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "aio") {
            out.push(path);
        }
    }
}
