//! Writing outputs: the output folder is replaced atomically, a site's
//! content folder is updated file by file; both keep a manifest of what
//! policyc wrote, never rewrite a file whose bytes did not change, and
//! remove only files policyc itself produced (`--clean`).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::build::Output;
use crate::diag::SourceMap;

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
    /// `clean`, entries not produced now are dropped (their files removed
    /// by the caller).
    fn update(
        previous: Manifest,
        produced: Vec<ManifestEntry>,
        clean: bool,
    ) -> (Manifest, Vec<String>) {
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
                    removed.push(e.path);
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
/// executable (size and modification time), the build's options, and the
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
    if let Ok(exe) = std::env::current_exe().and_then(std::fs::metadata) {
        h.update(exe.len().to_le_bytes());
        if let Ok(t) = exe.modified().and_then(|t| {
            t.duration_since(std::time::UNIX_EPOCH)
                .map_err(io::Error::other)
        }) {
            h.update(t.as_nanos().to_le_bytes());
        }
    }
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
            let size = std::fs::metadata(dir.join(&f.path)).ok()?.len();
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

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    /// Files removed by `--clean`.
    pub removed: usize,
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
    state: Mutex<StageState>,
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
}

impl Staged {
    /// The staging of `out` (absolute). Touches nothing but the remains of
    /// an interrupted build next to `out`, which it cleans up first.
    pub fn new(out: &Path) -> Staged {
        let parent = out.parent().unwrap_or(Path::new("/"));
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pid = std::process::id();
        let mut state = StageState::default();
        if let Err(e) = recover_interrupted(parent, &name, out) {
            state.error = Some(e);
        }
        Staged {
            out: out.to_path_buf(),
            staging: parent.join(format!(".{name}.policyc-new-{pid}")),
            old: parent.join(format!(".{name}.policyc-old-{pid}")),
            out_existed: out.is_dir(),
            state: Mutex::new(state),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, StageState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether no file was received.
    pub fn is_empty(&self) -> bool {
        self.state().files.is_empty()
    }

    /// Creates the staging copy unless it exists.
    fn ensure_staging(&self, state: &mut StageState) -> io::Result<()> {
        if state.created {
            return Ok(());
        }
        if self.out.file_name().is_none() {
            return Err(io::Error::other("the output directory has no name"));
        }
        if self.staging.exists() {
            std::fs::remove_dir_all(&self.staging)?;
        }
        std::fs::create_dir_all(&self.staging)?;
        state.created = true;
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
                    std::fs::create_dir_all(dir)?;
                    self.state().dirs.insert(dir.to_path_buf());
                }
            }
            // Remove first: the staging file may be a hard link to the old
            // one, which writing through would change in the output folder.
            if maybe_linked && target.symlink_metadata().is_ok() {
                std::fs::remove_file(&target)?;
            }
            std::fs::write(&target, &o.bytes)?;
        } else if was_written {
            self.restore(&o.path)?;
        }
        Ok(())
    }

    /// Puts the output folder's version of a file back into the staging
    /// copy (or removes it there when the output folder has none).
    fn restore(&self, path: &Path) -> io::Result<()> {
        let target = self.staging.join(path);
        if target.symlink_metadata().is_ok() {
            std::fs::remove_file(&target)?;
        }
        let src = self.out.join(path);
        if src.is_file() && std::fs::hard_link(&src, &target).is_err() {
            copy_keeping_mtime(&src, &target)?;
        }
        Ok(())
    }

    /// Removes the staging copy: the output folder stays as it was.
    pub fn abandon(self) {
        drop(self);
    }

    /// Completes the output folder with the files whose locale `keep`s
    /// (the others go back to their previous version), the updated
    /// manifest (recording `inputs`), and with `clean`, without the files
    /// of the previous manifest not produced now; then replaces the output
    /// folder. Touches nothing when nothing changed. Returns the number of
    /// files this build produced and what the write did.
    pub fn finish(
        self,
        keep: impl Fn(&str) -> bool,
        clean: bool,
        inputs: Option<&str>,
    ) -> io::Result<(usize, WriteStats)> {
        let mut state = std::mem::take(&mut *self.state());
        if let Some(e) = state.error.take() {
            return Err(e);
        }
        let mut stats = WriteStats::default();
        let mut produced = Vec::with_capacity(state.files.len());
        for (path, (entry, written)) in std::mem::take(&mut state.files) {
            if keep(&entry.locale) {
                if written {
                    stats.written += 1;
                } else {
                    stats.unchanged += 1;
                }
                produced.push(entry);
            } else if written {
                self.restore(Path::new(&path))?;
            }
        }
        let total = produced.len();
        // The previous manifest, read once: merged, and compared below
        // (the build writes into the staging copy, never into `out`).
        let previous = std::fs::read(self.out.join(MANIFEST)).ok();
        let (mut manifest, removed) =
            Manifest::update(Manifest::parse(previous.as_deref()), produced, clean);
        manifest.inputs = inputs.map(str::to_string);
        let removed: Vec<String> = removed
            .into_iter()
            .filter(|r| inside(Path::new(r)) && self.out.join(r).exists())
            .collect();
        stats.removed = removed.len();
        // Nothing changed: touch nothing. (The manifest is serialized
        // for the comparison only then.)
        if stats.written == 0 && removed.is_empty() && previous == Some(manifest.to_bytes()) {
            *self.state() = state;
            return Ok((total, stats));
        }
        let result = (|| {
            self.ensure_staging(&mut state)?;
            for r in &removed {
                std::fs::remove_file(self.staging.join(r))?;
            }
            let target = self.staging.join(MANIFEST);
            if target.symlink_metadata().is_ok() {
                std::fs::remove_file(&target)?;
            }
            manifest.write_new(&target)?;
            if let Some(parent) = self.out.parent() {
                std::fs::create_dir_all(parent)?;
            }
            if self.out.exists() {
                std::fs::rename(&self.out, &self.old)?;
            }
            std::fs::rename(&self.staging, &self.out)?;
            state.created = false;
            if self.old.exists() {
                std::fs::remove_dir_all(&self.old)?;
            }
            Ok(())
        })();
        if result.is_err() && !self.out.exists() && self.old.exists() {
            let _ = std::fs::rename(&self.old, &self.out);
        }
        *self.state() = state;
        result.map(|()| (total, stats))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.state().created {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Writes outputs into a site's content folder, which also holds files
/// that are not policyc's: each file is replaced atomically on its own
/// (temporary file + rename), unchanged files are not touched, and `clean`
/// removes only files the site manifest says policyc wrote earlier.
pub fn write_site(content: &Path, outputs: &[&Output], clean: bool) -> io::Result<WriteStats> {
    std::fs::create_dir_all(content)?;
    let manifest_path = content.join(SITE_MANIFEST);
    let produced = outputs.iter().map(|o| ManifestEntry::of(o)).collect();
    let (manifest, removed) = Manifest::update(Manifest::read(&manifest_path), produced, clean);
    let mut stats = WriteStats::default();
    for o in outputs {
        if !inside(&o.path) {
            return Err(io::Error::other(format!(
                "refusing to write outside the site: {}",
                o.path.display()
            )));
        }
        let target = content.join(&o.path);
        if std::fs::read(&target).ok().as_deref() == Some(o.bytes.as_slice()) {
            stats.unchanged += 1;
            continue;
        }
        replace_file(&target, &o.bytes)?;
        stats.written += 1;
    }
    for r in removed {
        let path = Path::new(&r);
        if inside(path) && content.join(path).is_file() {
            std::fs::remove_file(content.join(path))?;
            stats.removed += 1;
        }
    }
    // Compared with the file as it is now, after the pages were written.
    let bytes = manifest.to_bytes();
    if std::fs::read(&manifest_path).ok().as_deref() != Some(bytes.as_slice()) {
        replace_file(&manifest_path, &bytes)?;
    }
    Ok(stats)
}

/// Writes a file through a temporary sibling and a rename, so readers see
/// the old or the new content, never half of it.
fn replace_file(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = target
        .parent()
        .ok_or_else(|| io::Error::other("no parent folder"))?;
    std::fs::create_dir_all(dir)?;
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file");
    let tmp = dir.join(format!(".{name}.policyc-tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, target).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// If an earlier build was killed between its two renames, the previous
/// output sits in `.<out>.policyc-old-*` and `out` is missing: put it back.
/// Leftover staging folders are removed.
fn recover_interrupted(parent: &Path, name: &str, out: &Path) -> io::Result<()> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let old_prefix = format!(".{name}.policyc-old-");
    let new_prefix = format!(".{name}.policyc-new-");
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    for n in names {
        let path = parent.join(&n);
        if n.starts_with(&old_prefix) {
            if out.exists() {
                std::fs::remove_dir_all(&path)?;
            } else {
                std::fs::rename(&path, out)?;
            }
        } else if n.starts_with(&new_prefix) {
            std::fs::remove_dir_all(&path)?;
        }
    }
    Ok(())
}

/// Recreates `from`'s tree under `to` with hard links (copies, keeping the
/// modification time, where links are not possible). Symlinks are skipped:
/// output never contains any.
fn clone_tree(from: &Path, to: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let ty = entry.file_type()?;
        let src = entry.path();
        let dst = to.join(entry.file_name());
        if ty.is_dir() {
            std::fs::create_dir_all(&dst)?;
            clone_tree(&src, &dst)?;
        } else if ty.is_file() && std::fs::hard_link(&src, &dst).is_err() {
            copy_keeping_mtime(&src, &dst)?;
        }
    }
    Ok(())
}

fn copy_keeping_mtime(src: &Path, dst: &Path) -> io::Result<()> {
    std::fs::copy(src, dst)?;
    let modified = std::fs::metadata(src)?.modified()?;
    std::fs::File::options()
        .write(true)
        .open(dst)?
        .set_modified(modified)
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
        assert_eq!(removed, vec!["c".to_string()]);

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
