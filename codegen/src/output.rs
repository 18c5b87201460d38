//! Writing generated files: only when the content changed (so an unchanged output triggers no
//! rebuild), never half-written, with the permissions a new file usually gets, and into a device
//! or FIFO rather than over it.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Writes `contents` to `path` unless it already holds exactly that; returns whether it wrote.
///
/// A regular file (or a path that does not exist yet) is written to a temporary file beside it
/// and renamed into place: a failure never leaves a half-written file. A new file gets the
/// permissions of any new file (`0666` less the umask: `0644` under umask `022`); an existing one
/// keeps its own. A symbolic link is followed, and the file it names is written. Anything else
/// (`/dev/stdout`, `/dev/null`, a FIFO) is written into as it is, never replaced; a folder is an
/// error.
pub fn write_if_changed(path: impl AsRef<Path>, contents: &str) -> io::Result<bool> {
    let path = path.as_ref();
    // `metadata` follows symbolic links: it describes the file a link names.
    let existing = match fs::metadata(path) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let target = match &existing {
        // The file a link names is the one renamed over.
        Some(meta) if meta.is_file() => fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "is a folder, not a file",
            ));
        }
        if !meta.is_file() {
            // A device, FIFO or socket: renaming over it would replace the node.
            let mut file = fs::OpenOptions::new().write(true).open(&target)?;
            file.write_all(contents.as_bytes())?;
            file.flush()?;
            return Ok(true);
        }
        if fs::read(&target).is_ok_and(|old| old == contents.as_bytes()) {
            return Ok(false);
        }
    }
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".codegen-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The mode asked of the OS when creating the file, which takes the umask off it.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(contents.as_bytes())?;
    if let Some(meta) = existing {
        file.as_file().set_permissions(meta.permissions())?;
    }
    // The temporary file is deleted when `persist` fails, so nothing is left behind.
    file.persist(&target).map_err(|e| e.error)?;
    Ok(true)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};

    #[test]
    fn new_files_get_the_usual_permissions_and_old_ones_keep_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.rs");
        assert!(write_if_changed(&path, "a").unwrap());
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // Whatever the umask, group and others may read unless it forbids it: not 0600.
        assert_ne!(mode, 0o600);
        assert_eq!(mode & 0o600, 0o600);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        assert!(!write_if_changed(&path, "a").unwrap());
        assert!(write_if_changed(&path, "b").unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "b");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn devices_are_written_into_and_links_followed() {
        assert!(write_if_changed("/dev/null", "discarded").unwrap());
        assert!(fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.rs");
        fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.rs");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(write_if_changed(&link, "new").unwrap());
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert!(write_if_changed(dir.path(), "x").is_err());
    }
}
