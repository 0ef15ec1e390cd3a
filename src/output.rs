//! Writing outputs: the output folder is replaced atomically, a site's
//! content folder is updated file by file; both keep a manifest of what
//! policyc wrote, never rewrite a file whose bytes did not change, and
//! remove only files policyc itself produced and nobody changed since
//! (`--clean`), never through a symbolic link.
//!
//! The output folder is policyc's alone: it writes only into a folder that
//! is absent, empty or holds its manifest, one build at a time (a lock
//! beside the folder), and a failed write leaves it as it was, with no
//! staging folder behind.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::{Code, Diagnostic, Severity, SourceMap};

/// One rendered file, not yet written.
#[derive(Clone, Debug)]
pub struct Output {
    /// Relative to the output directory.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub policy: String,
    pub locale: String,
    pub format: String,
    /// The site this goes to; `None` for the output folder.
    pub site: Option<String>,
}

/// Receives each rendered file as soon as it is made, from any thread.
pub trait Sink: Sync {
    /// Receives a file (a later file with the same site and path replaces
    /// it).
    fn put(&self, output: Output);
    /// Takes back a file received (of a locale refused after its pages were
    /// rendered).
    fn withdraw(&self, site: Option<&str>, path: &Path);
}

/// A [`Sink`] that keeps every file in memory, in (site, path) order.
#[derive(Default)]
pub struct Collect(Mutex<BTreeMap<(Option<String>, PathBuf), Output>>);

impl Sink for Collect {
    fn put(&self, o: Output) {
        let mut files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.insert((o.site.clone(), o.path.clone()), o);
    }

    fn withdraw(&self, site: Option<&str>, path: &Path) {
        let mut files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.remove(&(site.map(str::to_string), path.to_path_buf()));
    }
}

impl Collect {
    /// The files, in (site, path) order.
    pub fn into_outputs(self) -> Vec<Output> {
        self.0
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_values()
            .collect()
    }
}

/// The manifest's file name in the output folder.
pub const MANIFEST: &str = "manifest.json";
/// The manifest's file name in a site's content folder.
pub const SITE_MANIFEST: &str = ".policyc-manifest.json";

/// Every file policyc produced in a folder.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub version: u32,
    /// Fingerprint of every input of the last clean, complete build (see
    /// [`fingerprint`]); an unchanged fingerprint lets a rebuild stop early.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<String>,
    pub files: Vec<ManifestEntry>,
}

/// One produced file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ManifestEntry {
    /// Relative to the folder, with `/`.
    pub path: String,
    pub policy: String,
    pub locale: String,
    pub format: String,
    pub sha256: String,
    /// Size in bytes.
    #[serde(default)]
    pub size: u64,
}

impl Manifest {
    fn read(path: &Path) -> Manifest {
        Manifest::parse(std::fs::read(path).ok().as_deref())
    }

    /// A manifest file's content (`None`: no file); empty when it is not
    /// a manifest.
    fn parse(bytes: Option<&[u8]>) -> Manifest {
        bytes
            .and_then(|b| serde_json::from_slice(b).ok())
            .unwrap_or_default()
    }

    /// The previous manifest updated with this build's files; with
    /// `clean`, entries not produced now are dropped and returned (their
    /// files removed by the caller, if still as written).
    fn update(
        previous: Manifest,
        produced: Vec<ManifestEntry>,
        clean: bool,
    ) -> (Manifest, Vec<ManifestEntry>) {
        let mut removed = Vec::new();
        // The first build of a folder keeps this build's list as it is.
        let mut files = if previous.files.is_empty() {
            produced
        } else {
            let mut files = Vec::with_capacity(previous.files.len() + produced.len());
            let paths: crate::HashSet<&str> = produced.iter().map(|e| e.path.as_str()).collect();
            for e in previous.files {
                if paths.contains(e.path.as_str()) {
                    continue;
                }
                if clean {
                    removed.push(e);
                } else {
                    files.push(e);
                }
            }
            files.extend(produced);
            files
        };
        // By path; of entries with the same path, the last produced wins
        // (the sort is stable, and `dedup_by` keeps the earlier slot, so
        // the later entry is moved into it).
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|later, kept| {
            let same = later.path == kept.path;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
        (
            Manifest {
                version: 1,
                inputs: None,
                files,
            },
            removed,
        )
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut b = serde_json::to_vec_pretty(self).unwrap_or_default();
        b.push(b'\n');
        b
    }

    /// Writes [`Manifest::to_bytes`] into a new file, through a small
    /// buffer: the manifest of a large build is megabytes, and a buffer
    /// that size is fresh memory to fault in while the other threads have
    /// nothing left to do.
    fn write_new(&self, path: &Path) -> io::Result<()> {
        use std::io::Write as _;
        let mut w = io::BufWriter::with_capacity(64 * 1024, std::fs::File::create(path)?);
        serde_json::to_writer_pretty(&mut w, self).map_err(io::Error::other)?;
        w.write_all(b"\n")?;
        w.flush()
    }
}

impl ManifestEntry {
    fn of(o: &Output) -> ManifestEntry {
        ManifestEntry {
            path: rel(&o.path),
            policy: o.policy.clone(),
            locale: o.locale.clone(),
            format: o.format.clone(),
            sha256: sha256(&o.bytes),
            size: o.bytes.len() as u64,
        }
    }
}

fn rel(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Hex SHA-256 of some bytes.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of a digest (a build formats 8,000 of them; one
/// `format!` per byte was a quarter of a million small strings).
fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(digest.len() * 2);
    for b in digest {
        hex.push(char::from(DIGITS[usize::from(b >> 4)]));
        hex.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    hex
}

/// A fingerprint of everything a build's output depends on: the policyc
/// version, the build's options, and the
/// path and content of every input file (policyc.toml, policyc.lock,
/// policies/, locales/, templates/). Reading and hashing the inputs costs
/// far less than parsing them; files are read and hashed in parallel.
///
/// The bytes read are handed to `sources` ([`SourceMap::preload`]), so a
/// build that goes on to load the workspace does not read every file twice.
/// Files larger than [`crate::source::MAX_FILE_BYTES`] are fingerprinted by
/// size and modification time instead (loading refuses them anyway).
pub fn fingerprint(root: &Path, options: &str, sources: &SourceMap) -> io::Result<String> {
    let mut h = Sha256::new();
    // The version, not the executable's file: the manifest must not change
    // because the same policyc was installed again.
    h.update(concat!("policyc ", env!("CARGO_PKG_VERSION"), "\n").as_bytes());
    h.update(options.as_bytes());
    // Each input with what its folder listing said it is: a regular file
    // is opened and read right away (one `statx`, on the open file), any
    // other entry is looked at first (a FIFO would block the read).
    let mut files = Vec::new();
    for f in ["policyc.toml", crate::lock::LOCK_FILE] {
        files.push((root.join(f), Listed::Unknown));
    }
    for d in ["policies", "locales", "templates"] {
        collect_files(&root.join(d), &mut files)?;
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    // What each file adds to the fingerprint, computed in parallel and
    // fed to the hash in path order.
    let parts: Vec<io::Result<Vec<u8>>> = files
        .par_iter()
        .map(|(f, listed)| {
            let rel = f.strip_prefix(root).unwrap_or(f).to_string_lossy();
            let mut part = Vec::with_capacity(rel.len() + 64);
            part.extend_from_slice(&(rel.len() as u64).to_le_bytes());
            part.extend_from_slice(rel.as_bytes());
            match listed {
                Listed::Dir => {
                    part.extend_from_slice(b"dir");
                    return Ok(part);
                }
                Listed::File => {
                    fingerprint_file(f, &mut part, sources)?;
                    return Ok(part);
                }
                Listed::Unknown => {}
            }
            if let Ok(target) = std::fs::read_link(f) {
                part.extend_from_slice(b"link");
                part.extend_from_slice(target.to_string_lossy().as_bytes());
            }
            match std::fs::metadata(f) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => part.extend_from_slice(b"missing"),
                Err(e) => return Err(e),
                // A FIFO or device would block or never end a read; loading
                // reports it as not a regular file.
                Ok(m) if !m.is_file() => part.extend_from_slice(not_a_file(&m)),
                Ok(_) => fingerprint_file(f, &mut part, sources)?,
            }
            Ok(part)
        })
        .collect();
    for part in parts {
        h.update(part?);
    }
    Ok(hex(&h.finalize()))
}

/// What a folder listing said an input is.
#[derive(Clone, Copy)]
enum Listed {
    File,
    Dir,
    /// A symbolic link, or a path not listed (`policyc.toml`).
    Unknown,
}

/// What a fingerprint part records for an input that is not a regular file.
fn not_a_file(meta: &std::fs::Metadata) -> &'static [u8] {
    if meta.is_dir() {
        b"dir"
    } else {
        b"special"
    }
}

/// Adds a file known (or just found) to be a regular file to a fingerprint
/// part: its size and digest, or its size and modification time when it is
/// too large to load (loading refuses it anyway). The bytes read are
/// preloaded into `sources`.
fn fingerprint_file(path: &Path, part: &mut Vec<u8>, sources: &SourceMap) -> io::Result<()> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            part.extend_from_slice(b"missing");
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        part.extend_from_slice(not_a_file(&meta));
        return Ok(());
    }
    if meta.len() > crate::source::MAX_FILE_BYTES {
        part.extend_from_slice(b"large");
        part.extend_from_slice(&meta.len().to_le_bytes());
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        part.extend_from_slice(&mtime.to_le_bytes());
        return Ok(());
    }
    let bytes = crate::source::read_known_size(&mut file, meta.len())?;
    part.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    part.extend_from_slice(&Sha256::digest(&bytes));
    sources.preload(path, bytes);
    Ok(())
}

fn collect_files(dir: &Path, out: &mut Vec<(PathBuf, Listed)>) -> io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for e in entries {
        let e = e?;
        let ty = e.file_type()?;
        if ty.is_symlink() {
            // A link is an input of its own: where it points decides whether
            // the workspace is even valid (links out of it are refused).
            out.push((e.path(), Listed::Unknown));
            if e.path().is_dir() {
                collect_files(&e.path(), out)?;
            }
        } else if ty.is_dir() {
            out.push((e.path(), Listed::Dir));
            collect_files(&e.path(), out)?;
        } else if ty.is_file() {
            out.push((e.path(), Listed::File));
        } else {
            out.push((e.path(), Listed::Unknown));
        }
    }
    Ok(())
}

/// Whether the last build of `out` (and of the given site folders) had
/// this fingerprint and all its files are still there, unchanged in size.
/// Returns the number of files when up to date.
pub fn up_to_date(out: &Path, sites: &[std::path::PathBuf], inputs: &str) -> Option<usize> {
    // A link where the folder should be is never up to date: the build
    // that follows refuses it.
    if !std::fs::symlink_metadata(out).ok()?.is_dir() {
        return None;
    }
    let manifest = Manifest::read(&out.join(MANIFEST));
    if manifest.inputs.as_deref() != Some(inputs) {
        return None;
    }
    let mut n = 0;
    let mut folders = vec![(out.to_path_buf(), manifest)];
    for s in sites {
        folders.push((s.clone(), Manifest::read(&s.join(SITE_MANIFEST))));
    }
    for (dir, m) in folders {
        for f in &m.files {
            let size = std::fs::symlink_metadata(dir.join(&f.path)).ok()?.len();
            if size != f.size {
                return None;
            }
            n += 1;
        }
    }
    Some(n)
}

/// Whether `rel` is a plain relative path that stays inside its folder.
fn inside(rel: &Path) -> bool {
    rel.components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Adds the path an operation was about to an I/O error, so that a
/// failure says where (the OS error alone names no file).
trait AtPath<T> {
    fn at(self, path: &Path) -> io::Result<T>;
}

impl<T> AtPath<T> for io::Result<T> {
    fn at(self, path: &Path) -> io::Result<T> {
        self.map_err(|e| with_path(e, path))
    }
}

fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Whether `rel` names a regular file below `dir` reached through real
/// folders only (no component a symbolic link): what `--clean` may
/// remove. Returns its metadata.
fn own_file(dir: &Path, rel: &Path) -> Option<std::fs::Metadata> {
    if !inside(rel) {
        return None;
    }
    let mut path = dir.to_path_buf();
    let mut parts = rel.components().peekable();
    while let Some(part) = parts.next() {
        path.push(part);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        let last = parts.peek().is_none();
        if (last && !meta.is_file()) || (!last && !meta.is_dir()) {
            return None;
        }
        if last {
            return Some(meta);
        }
    }
    None
}

/// Checks that no folder on the way from `dir` to `rel` is a symbolic
/// link (or something other than a folder), so that a write below `dir`
/// never lands elsewhere; the file itself may be absent or a regular file.
fn no_link_on_the_way(dir: &Path, rel: &Path) -> io::Result<()> {
    if !inside(rel) {
        return Err(io::Error::other(format!(
            "refusing to write outside the folder: {}",
            rel.display()
        )));
    }
    let mut path = dir.to_path_buf();
    let mut parts = rel.components().peekable();
    while let Some(part) = parts.next() {
        path.push(part);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(with_path(e, &path)),
        };
        let last = parts.peek().is_none();
        if meta.file_type().is_symlink() {
            return Err(io::Error::other(format!(
                "{} is a symbolic link; policyc never writes through one",
                path.display()
            )));
        }
        if (last && !meta.is_file()) || (!last && !meta.is_dir()) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{}: a {} is in the way",
                    path.display(),
                    if meta.is_dir() { "folder" } else { "file" }
                ),
            ));
        }
    }
    Ok(())
}

/// Of the files a `--clean` would remove (listed in the previous manifest,
/// not produced now), those still as policyc wrote them; the others are
/// kept: a file changed since (its bytes no longer match the manifest),
/// and anything that is not a regular file reached without a link.
/// Returns (to remove, kept because changed).
fn removable(dir: &Path, entries: Vec<ManifestEntry>) -> (Vec<String>, Vec<String>) {
    let mut remove = Vec::new();
    let mut changed = Vec::new();
    for e in entries {
        let Some(meta) = own_file(dir, Path::new(&e.path)) else {
            continue;
        };
        let same = meta.len() == e.size
            && std::fs::read(dir.join(&e.path)).is_ok_and(|b| sha256(&b) == e.sha256);
        if same {
            remove.push(e.path);
        } else {
            changed.push(e.path);
        }
    }
    (remove, changed)
}

/// The warning for a file `--clean` kept because it was changed.
fn kept_changed(dir: &Path, path: &str) -> Diagnostic {
    Diagnostic::new(
        Code::KeptChangedFile,
        format!(
            "`{}` was changed since policyc wrote it: --clean kept it, and the manifest no longer lists it",
            dir.join(path).display()
        ),
    )
    .hint("delete the file yourself if it is no longer needed")
}

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    /// Files removed by `--clean`.
    pub removed: usize,
}

/// A name beside `out` for policyc's own use (`kind`: the lock, a staging
/// copy): `.<name>.policyc-<kind>`, or a digest of a long name, so that a
/// folder whose name is near the system's limit still has room for it.
fn sibling(out: &Path, kind: &str) -> PathBuf {
    let parent = out.parent().unwrap_or(Path::new("/"));
    parent.join(format!("{}{kind}", sibling_prefix(out)))
}

/// What the names of [`sibling`] start with (up to the kind).
fn sibling_prefix(out: &Path) -> String {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.len() > 100 {
        format!(".{}.policyc-", &sha256(name.as_bytes())[..16])
    } else {
        format!(".{name}.policyc-")
    }
}

/// The exclusive right to write one output folder: builds (and `watch`)
/// writing the same folder take turns. It is an advisory lock (`flock`)
/// on a file beside the folder, `.<name>.policyc-lock`, which names its
/// holder for whoever has to wait, and is removed when released (a
/// waiter that then finds it gone or replaced starts over).
pub struct OutputLock {
    file: std::fs::File,
    path: PathBuf,
}

/// Why the lock on an output folder was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Another process held it for the whole wait: who it is.
    Held {
        holder: String,
        path: PathBuf,
    },
    Io(io::Error),
}

impl OutputLock {
    /// Takes the lock on `out`, waiting up to `wait` while another process
    /// holds it. Creates `out`'s parent folder if it is missing.
    pub fn acquire(out: &Path, wait: std::time::Duration) -> Result<OutputLock, LockError> {
        let path = sibling(out, "lock");
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .at(parent)
                .map_err(LockError::Io)?;
        }
        let deadline = std::time::Instant::now() + wait;
        loop {
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(LockError::Io(io::Error::other(format!(
                    "{} is a symbolic link, not policyc's lock file",
                    path.display()
                ))));
            }
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .at(&path)
                .map_err(LockError::Io)?;
            // Through the trait by name: newer Rust has a `File::try_lock` of its own.
            let locked = match fs4::FileExt::try_lock(&file) {
                Ok(()) => true,
                Err(fs4::TryLockError::WouldBlock) => false,
                Err(fs4::TryLockError::Error(e)) => return Err(LockError::Io(with_path(e, &path))),
            };
            if locked {
                // The holder before may have removed the file between our
                // open and our lock: then this file is no lock any more.
                if is_same_file(&file, &path) {
                    let mut lock = OutputLock { file, path };
                    lock.write_holder();
                    return Ok(lock);
                }
                continue;
            }
            if std::time::Instant::now() >= deadline {
                let holder = std::fs::read_to_string(&path)
                    .ok()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "another policyc process".to_string());
                return Err(LockError::Held { holder, path });
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
    }

    /// Tries the lock once, without waiting.
    fn try_acquire(out: &Path) -> Option<OutputLock> {
        Self::acquire(out, std::time::Duration::ZERO).ok()
    }

    /// Records this process in the lock file, for the message of a
    /// process that waits in vain.
    fn write_holder(&mut self) {
        use std::io::Write as _;
        let command: Vec<String> = std::env::args().collect();
        let _ = self.file.set_len(0);
        let _ = writeln!(
            self.file,
            "process {} ({})",
            std::process::id(),
            command.join(" ")
        );
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still held; closing the file then releases it.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether the open `file` is the file at `path` now.
#[cfg(unix)]
fn is_same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_same_file(_file: &std::fs::File, path: &Path) -> bool {
    path.is_file()
}

/// Removes what interrupted builds left beside `out` (see
/// [`recover_interrupted`]) when there is any and no build is running:
/// for a build that finds nothing to do, so that a kill during an earlier
/// clean-up does not leave a staging folder behind for good.
pub fn remove_leftovers(out: &Path) {
    if leftovers(out).is_empty() {
        return;
    }
    if let Some(lock) = OutputLock::try_acquire(out) {
        let _ = recover_interrupted(out, &lock);
    }
}

/// The staging folders of earlier builds beside `out`, by name.
fn leftovers(out: &Path) -> Vec<String> {
    let parent = out.parent().unwrap_or(Path::new("/"));
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let prefix = sibling_prefix(out);
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| {
            n.strip_prefix(&prefix)
                .is_some_and(|k| k.starts_with("new-") || k.starts_with("old-"))
        })
        .collect();
    names.sort();
    names
}

/// If an earlier build was killed between its two renames, the previous
/// output sits in `.<out>.policyc-old-*` and `out` is missing: put it back.
/// Other staging folders are removed. Only under the lock: a staging
/// folder may otherwise belong to a build that is running.
fn recover_interrupted(out: &Path, _lock: &OutputLock) -> io::Result<()> {
    let parent = out.parent().unwrap_or(Path::new("/"));
    let old_prefix = format!("{}old-", sibling_prefix(out));
    for n in leftovers(out) {
        let path = parent.join(&n);
        if n.starts_with(&old_prefix) && std::fs::symlink_metadata(out).is_err() {
            std::fs::rename(&path, out).at(&path)?;
        } else {
            // `remove_dir_all` does not follow symbolic links.
            std::fs::remove_dir_all(&path).at(&path)?;
        }
    }
    Ok(())
}

/// Whether policyc may write `out`: it must be absent, an empty folder,
/// or a folder holding policyc's manifest (what an earlier build wrote),
/// and never a symbolic link. Returns the manifest, and its bytes, if any.
fn claim(out: &Path) -> Result<Option<(Manifest, Vec<u8>)>, Diagnostic> {
    let refuse = |why: String| {
        Diagnostic::new(
            Code::OutputNotOwned,
            format!("will not write `{}`: {why}", out.display()),
        )
    };
    let meta = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Diagnostic::new(
                Code::WriteFailed,
                format!("cannot write `{}`: {e}", out.display()),
            ))
        }
    };
    if meta.file_type().is_symlink() {
        return Err(refuse("it is a symbolic link".into()).hint(
            "policyc writes only into a folder of its own: remove the link, or choose another output folder",
        ));
    }
    if !meta.is_dir() {
        return Err(refuse("it is not a folder".into())
            .hint("choose another output folder, or remove this file"));
    }
    let manifest = out.join(MANIFEST);
    let bytes = match std::fs::symlink_metadata(&manifest) {
        Ok(m) if m.is_file() => std::fs::read(&manifest).ok(),
        _ => None,
    };
    if let Some(bytes) = bytes {
        match serde_json::from_slice::<Manifest>(&bytes) {
            Ok(m) if m.version == 1 => return Ok(Some((m, bytes))),
            _ => {}
        }
    }
    let empty = std::fs::read_dir(out)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if empty {
        return Ok(None);
    }
    Err(refuse(format!(
        "the folder is not empty and policyc did not create it (it has no policyc {MANIFEST})"
    ))
    .hint("policyc replaces its output folder as a whole: point it at a new or empty folder, or move this folder's files away"))
}

/// The output folder being replaced: files arrive one by one, from any
/// thread, while the build renders ([`Staged::put`]); [`Staged::finish`]
/// then swaps the whole folder in two renames.
///
/// The first changed file creates a staging copy of the current output
/// (hard links, so unchanged files keep their inode and modification
/// time), and each changed file is written into it as it arrives, so a
/// build never holds its rendered pages in memory. A file identical to the
/// one in the output folder is only recorded. A build that may not be
/// written, fails or is interrupted leaves the output folder as it was:
/// the staging copy is removed ([`Staged::abandon`], on drop, or by the
/// next build).
pub struct Staged {
    out: PathBuf,
    staging: PathBuf,
    old: PathBuf,
    /// Whether the output folder existed when the build started. When it
    /// did not, no file has a previous version to compare with or to be
    /// hard-linked to, and `put` skips those file-system calls.
    out_existed: bool,
    /// The output folder's manifest file when the build started.
    previous: Option<Vec<u8>>,
    state: Mutex<StageState>,
    /// Held from start to finish: no other build writes `out` meanwhile.
    _lock: OutputLock,
}

#[derive(Default)]
struct StageState {
    /// Whether the staging copy exists.
    created: bool,
    /// Every file received, by path: its manifest entry and whether it
    /// differs from the output folder's (written into the staging copy).
    files: BTreeMap<String, (ManifestEntry, bool)>,
    /// The first write error; `finish` reports it.
    error: Option<io::Error>,
    /// Folders of the staging copy known to exist.
    dirs: crate::HashSet<PathBuf>,
    /// The output folder's manifest when the build started (read once,
    /// when the folder was claimed).
    manifest: Manifest,
}

/// What [`Staged::finish`] did.
#[derive(Debug, Default)]
pub struct Finished {
    /// Files this build produced.
    pub total: usize,
    pub stats: WriteStats,
    /// Warnings: files `--clean` kept, a previous copy not removed.
    pub warnings: Vec<Diagnostic>,
}

impl Staged {
    /// The staging of `out` (absolute), under `lock`. Puts back or removes
    /// what interrupted builds left, then checks that `out` is policyc's
    /// to write ([`claim`]).
    pub fn new(out: &Path, lock: OutputLock) -> Result<Staged, Diagnostic> {
        if out.file_name().is_none() {
            return Err(Diagnostic::new(
                Code::BadOutput,
                format!("`{}` cannot be an output folder", out.display()),
            ));
        }
        recover_interrupted(out, &lock).map_err(|e| {
            Diagnostic::new(
                Code::WriteFailed,
                format!(
                    "cannot clean up after an earlier build of `{}`: {e}",
                    out.display()
                ),
            )
            .hint("remove the folder named in the message, then build again")
        })?;
        let (manifest, previous) = claim(out)?.unzip();
        let pid = std::process::id();
        Ok(Staged {
            out: out.to_path_buf(),
            staging: sibling(out, &format!("new-{pid}")),
            old: sibling(out, &format!("old-{pid}")),
            out_existed: std::fs::symlink_metadata(out).is_ok(),
            previous,
            state: Mutex::new(StageState {
                manifest: manifest.unwrap_or_default(),
                ..StageState::default()
            }),
            _lock: lock,
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, StageState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether no file was received (and no write failed).
    pub fn is_empty(&self) -> bool {
        let state = self.state();
        state.files.is_empty() && state.error.is_none()
    }

    /// Creates the staging copy unless it exists.
    fn ensure_staging(&self, state: &mut StageState) -> io::Result<()> {
        if state.created {
            return Ok(());
        }
        if std::fs::symlink_metadata(&self.staging).is_ok() {
            std::fs::remove_dir_all(&self.staging).at(&self.staging)?;
        }
        state.created = true;
        std::fs::create_dir_all(&self.staging).at(&self.staging)?;
        if self.out_existed {
            clone_tree(&self.out, &self.staging)?;
        }
        Ok(())
    }

    /// Receives one file (a later file with the same path replaces it).
    pub fn put(&self, o: &Output) {
        if let Err(e) = self.try_put(o) {
            self.state().error.get_or_insert(e);
        }
    }

    fn try_put(&self, o: &Output) -> io::Result<()> {
        if !inside(&o.path) {
            return Err(io::Error::other(format!(
                "refusing to write outside the output folder: {}",
                o.path.display()
            )));
        }
        if o.path.components().next() == Some(std::path::Component::Normal(MANIFEST.as_ref())) {
            return Err(io::Error::other(format!(
                "{}: the page would replace the output folder's manifest",
                o.path.display()
            )));
        }
        let entry = ManifestEntry::of(o);
        let previous = if self.out_existed {
            std::fs::read(self.out.join(&o.path))
        } else {
            Err(io::ErrorKind::NotFound.into())
        };
        let same = previous.as_deref().ok() == Some(&o.bytes[..]);
        // The staging copy may hold a hard link to the previous version.
        let maybe_linked = !matches!(&previous, Err(e) if e.kind() == io::ErrorKind::NotFound);
        let was_written = {
            let mut state = self.state();
            if state.error.is_some() {
                return Ok(());
            }
            if !same {
                self.ensure_staging(&mut state)?;
            }
            state
                .files
                .insert(entry.path.clone(), (entry, !same))
                .is_some_and(|(_, written)| written)
        };
        let target = self.staging.join(&o.path);
        if !same {
            if let Some(dir) = target.parent() {
                if !self.state().dirs.contains(dir) {
                    std::fs::create_dir_all(dir).at(dir)?;
                    self.state().dirs.insert(dir.to_path_buf());
                }
            }
            // Remove first: the staging file may be a hard link to the old
            // one, which writing through would change in the output folder.
            if maybe_linked && target.symlink_metadata().is_ok() {
                std::fs::remove_file(&target).at(&target)?;
            }
            std::fs::write(&target, &o.bytes).at(&target)?;
        } else if was_written {
            self.restore(&o.path)?;
        }
        Ok(())
    }

    /// Takes back a file received: the output folder's version stays.
    pub fn withdraw(&self, path: &Path) {
        let key = rel(path);
        let written = self.state().files.remove(&key).is_some_and(|(_, w)| w);
        if written {
            if let Err(e) = self.restore(path) {
                self.state().error.get_or_insert(e);
            }
        }
    }

    /// Puts the output folder's version of a file back into the staging
    /// copy (or removes it there when the output folder has none).
    fn restore(&self, path: &Path) -> io::Result<()> {
        let target = self.staging.join(path);
        if target.symlink_metadata().is_ok() {
            std::fs::remove_file(&target).at(&target)?;
        }
        let src = self.out.join(path);
        if own_file(&self.out, path).is_some() && std::fs::hard_link(&src, &target).is_err() {
            copy_keeping_mtime(&src, &target)?;
        }
        Ok(())
    }

    /// Removes the staging copy: the output folder stays as it was.
    pub fn abandon(self) {
        drop(self);
    }

    /// Completes the output folder with the files received, the updated
    /// manifest (recording `inputs`), and with `clean`, without the files
    /// of the previous manifest not produced now (a file changed since it
    /// was written is kept, with a warning); then replaces the output
    /// folder. Touches nothing when nothing changed. On an error the
    /// output folder is as it was and the staging copy is gone.
    pub fn finish(self, clean: bool, inputs: Option<&str>) -> io::Result<Finished> {
        let mut state = std::mem::take(&mut *self.state());
        // Whatever happens below, dropping `self` removes the staging copy.
        let result = self.complete(&mut state, clean, inputs);
        *self.state() = state;
        result
    }

    fn complete(
        &self,
        state: &mut StageState,
        clean: bool,
        inputs: Option<&str>,
    ) -> io::Result<Finished> {
        if let Some(e) = state.error.take() {
            return Err(e);
        }
        let mut done = Finished::default();
        let mut produced = Vec::with_capacity(state.files.len());
        for (entry, written) in std::mem::take(&mut state.files).into_values() {
            if written {
                done.stats.written += 1;
            } else {
                done.stats.unchanged += 1;
            }
            produced.push(entry);
        }
        done.total = produced.len();
        let previous = self.previous.as_deref();
        let (mut manifest, dropped) =
            Manifest::update(std::mem::take(&mut state.manifest), produced, clean);
        manifest.inputs = inputs.map(str::to_string);
        let (removed, changed) = removable(&self.out, dropped);
        done.stats.removed = removed.len();
        done.warnings = changed.iter().map(|p| kept_changed(&self.out, p)).collect();
        // Nothing changed: touch nothing. (The manifest is serialized
        // for the comparison only then.)
        if done.stats.written == 0
            && removed.is_empty()
            && previous == Some(manifest.to_bytes().as_slice())
        {
            return Ok(done);
        }
        self.ensure_staging(state)?;
        for r in &removed {
            let path = self.staging.join(r);
            std::fs::remove_file(&path).at(&path)?;
        }
        let target = self.staging.join(MANIFEST);
        if target.symlink_metadata().is_ok() {
            std::fs::remove_file(&target).at(&target)?;
        }
        manifest.write_new(&target).at(&target)?;
        // An empty folder the user made keeps its permissions.
        if let Ok(meta) = std::fs::symlink_metadata(&self.out) {
            let _ = std::fs::set_permissions(&self.staging, meta.permissions());
        }
        let moved = std::fs::symlink_metadata(&self.out).is_ok();
        if moved {
            std::fs::rename(&self.out, &self.old).at(&self.out)?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.out) {
            if moved {
                let _ = std::fs::rename(&self.old, &self.out);
            }
            return Err(e).at(&self.out);
        }
        state.created = false;
        if moved {
            if let Err(e) = std::fs::remove_dir_all(&self.old) {
                // The new output is in place; only the old copy is left.
                done.warnings.push(
                    Diagnostic::new(
                        Code::WriteFailed,
                        format!(
                            "the previous output, moved to `{}`, could not be removed: {e}",
                            self.old.display()
                        ),
                    )
                    .severity(Severity::Warning)
                    .hint("the next build removes it again; or remove it yourself"),
                );
            }
        }
        Ok(done)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // The staging copy is this process's own (its name has our pid,
        // and the lock is still held).
        if std::fs::symlink_metadata(&self.staging).is_ok() {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// A site's content folder, prepared: every changed page written to a
/// temporary file beside its place, not yet in place. [`SiteWrite::commit`]
/// renames them in; dropping it instead removes them, leaving the folder
/// as it was.
pub struct SiteWrite {
    /// (temporary file, its place)
    pending: Vec<(PathBuf, PathBuf)>,
    /// Files `--clean` removes on commit.
    remove: Vec<PathBuf>,
    pub stats: WriteStats,
    pub warnings: Vec<Diagnostic>,
}

/// Prepares the writing of a site's content folder, which also holds
/// files that are not policyc's: each changed file is replaced atomically
/// on its own (temporary file + rename), unchanged files are not touched,
/// and `clean` removes only files the site manifest says policyc wrote
/// earlier and that are as it wrote them. Nothing is written through a
/// symbolic link below the folder.
pub fn prepare_site(content: &Path, outputs: &[&Output], clean: bool) -> io::Result<SiteWrite> {
    std::fs::create_dir_all(content).at(content)?;
    let manifest_path = content.join(SITE_MANIFEST);
    no_link_on_the_way(content, Path::new(SITE_MANIFEST))?;
    let produced = outputs.iter().map(|o| ManifestEntry::of(o)).collect();
    let previous = std::fs::read(&manifest_path).ok();
    let (manifest, dropped) =
        Manifest::update(Manifest::parse(previous.as_deref()), produced, clean);
    let mut site = SiteWrite {
        pending: Vec::new(),
        remove: Vec::new(),
        stats: WriteStats::default(),
        warnings: Vec::new(),
    };
    for o in outputs {
        if o.path.as_os_str() == SITE_MANIFEST {
            return Err(io::Error::other(format!(
                "{}: the page would replace the site's manifest",
                o.path.display()
            )));
        }
        no_link_on_the_way(content, &o.path)?;
        let target = content.join(&o.path);
        if std::fs::read(&target).ok().as_deref() == Some(o.bytes.as_slice()) {
            site.stats.unchanged += 1;
            continue;
        }
        site.stage(&target, &o.bytes)?;
        site.stats.written += 1;
    }
    let (remove, changed) = removable(content, dropped);
    site.stats.removed = remove.len();
    site.remove = remove.iter().map(|r| content.join(r)).collect();
    site.warnings = changed.iter().map(|p| kept_changed(content, p)).collect();
    let bytes = manifest.to_bytes();
    if previous.as_deref() != Some(bytes.as_slice()) {
        site.stage(&manifest_path, &bytes)?;
    }
    Ok(site)
}

impl SiteWrite {
    /// Writes `bytes` into a temporary file beside `target` (a short
    /// name: the target's own may be near the system's limit).
    fn stage(&mut self, target: &Path, bytes: &[u8]) -> io::Result<()> {
        let dir = target
            .parent()
            .ok_or_else(|| io::Error::other("no parent folder"))?;
        std::fs::create_dir_all(dir).at(dir)?;
        let tmp = dir.join(format!(
            ".policyc-tmp-{}-{}",
            std::process::id(),
            self.pending.len()
        ));
        // Recorded first, so that a failed write is removed too.
        self.pending.push((tmp.clone(), target.to_path_buf()));
        std::fs::write(&tmp, bytes).at(&tmp)
    }

    /// Puts every prepared file in place and removes the cleaned ones.
    pub fn commit(mut self) -> io::Result<(WriteStats, Vec<Diagnostic>)> {
        // The manifest is staged last: it goes in once the pages are.
        for (tmp, target) in std::mem::take(&mut self.pending) {
            if let Err(e) = std::fs::rename(&tmp, &target) {
                let _ = std::fs::remove_file(&tmp);
                return Err(e).at(&target);
            }
        }
        for path in std::mem::take(&mut self.remove) {
            std::fs::remove_file(&path).at(&path)?;
        }
        Ok((
            std::mem::take(&mut self.stats),
            std::mem::take(&mut self.warnings),
        ))
    }
}

impl Drop for SiteWrite {
    fn drop(&mut self) {
        for (tmp, _) in &self.pending {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Recreates `from`'s tree under `to` with hard links (copies, keeping the
/// modification time, where links are not possible). Only regular files
/// and folders are copied, never through a symbolic link: an output
/// folder holds nothing else.
fn clone_tree(from: &Path, to: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(from).at(from)? {
        let entry = entry.at(from)?;
        let ty = entry.file_type().at(&entry.path())?;
        let src = entry.path();
        let dst = to.join(entry.file_name());
        if ty.is_dir() {
            std::fs::create_dir_all(&dst).at(&dst)?;
            clone_tree(&src, &dst)?;
        } else if ty.is_file() && std::fs::hard_link(&src, &dst).is_err() {
            copy_keeping_mtime(&src, &dst)?;
        }
    }
    Ok(())
}

fn copy_keeping_mtime(src: &Path, dst: &Path) -> io::Result<()> {
    std::fs::copy(src, dst).at(dst)?;
    let modified = std::fs::metadata(src).at(src)?.modified().at(src)?;
    std::fs::File::options()
        .write(true)
        .open(dst)
        .at(dst)?
        .set_modified(modified)
        .at(dst)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, sha: &str) -> ManifestEntry {
        ManifestEntry {
            path: path.into(),
            policy: "p".into(),
            locale: "en".into(),
            format: "html".into(),
            sha256: sha.into(),
            size: 1,
        }
    }

    fn page(path: &str, bytes: &str) -> Output {
        Output {
            path: path.into(),
            bytes: bytes.into(),
            policy: "p".into(),
            locale: "da".into(),
            format: "html".into(),
            site: None,
        }
    }

    fn staged(out: &Path) -> Staged {
        let wait = std::time::Duration::from_secs(1);
        let lock = OutputLock::acquire(out, wait).expect("the lock");
        Staged::new(out, lock).expect("the output folder")
    }

    #[test]
    fn a_withdrawn_file_leaves_the_output_folder_as_it_was() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("out");
        let first = staged(&out);
        first.put(&page("da/old.html", "old"));
        first.finish(false, None).expect("the first build");

        let second = staged(&out);
        second.put(&page("da/old.html", "changed"));
        second.put(&page("da/new.html", "new"));
        second.put(&page("en/kept.html", "kept"));
        second.withdraw(Path::new("da/old.html"));
        second.withdraw(Path::new("da/new.html"));
        let done = second.finish(false, None).expect("the second build");
        assert_eq!(done.total, 1, "only the file not withdrawn is produced");
        let read = |p: &str| std::fs::read_to_string(out.join(p)).ok();
        assert_eq!(read("da/old.html").as_deref(), Some("old"));
        assert_eq!(read("da/new.html"), None);
        assert_eq!(read("en/kept.html").as_deref(), Some("kept"));
    }

    #[test]
    fn manifest_update_merges_by_path_and_the_last_produced_entry_wins() {
        let previous = || Manifest {
            version: 1,
            inputs: Some("old".into()),
            files: vec![entry("c", "old"), entry("a", "old")],
        };
        let produced = || vec![entry("b", "1"), entry("a", "new"), entry("b", "2")];
        let summary = |m: &Manifest| -> Vec<(String, String)> {
            m.files
                .iter()
                .map(|e| (e.path.clone(), e.sha256.clone()))
                .collect()
        };
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };

        let (m, removed) = Manifest::update(previous(), produced(), false);
        assert_eq!(
            summary(&m),
            pairs(&[("a", "new"), ("b", "2"), ("c", "old")])
        );
        assert!(removed.is_empty());
        assert_eq!(m.inputs, None);

        let (m, removed) = Manifest::update(previous(), produced(), true);
        assert_eq!(summary(&m), pairs(&[("a", "new"), ("b", "2")]));
        assert_eq!(removed, vec![entry("c", "old")]);

        let (m, removed) = Manifest::update(Manifest::default(), produced(), true);
        assert_eq!(summary(&m), pairs(&[("a", "new"), ("b", "2")]));
        assert!(removed.is_empty());
    }

    /// The manifest written to a file is the manifest compared with the
    /// previous one (a difference would rewrite an unchanged folder).
    #[test]
    fn a_manifest_file_holds_the_bytes_of_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let odd = "da/\"quoted\"\\back\tslash\u{7}\u{e6}\u{1F600}.md";
        for manifest in [
            Manifest::default(),
            Manifest {
                version: 1,
                inputs: Some("f".repeat(64)),
                files: (0..5000)
                    .map(|i| entry(&format!("{odd}{i}"), &"0".repeat(64)))
                    .collect(),
            },
        ] {
            let path = dir.path().join("manifest.json");
            manifest.write_new(&path).unwrap();
            let written = std::fs::read(&path).unwrap();
            assert_eq!(written, manifest.to_bytes());
            assert_eq!(Manifest::read(&path), manifest);
        }
    }

    #[test]
    fn sha256_is_the_lower_case_hex_of_the_digest() {
        // FIPS 180-2 test vectors.
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
