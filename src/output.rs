//! Writing outputs: the output folder is replaced atomically, a site's
//! content folder is updated file by file; both keep a manifest of what
//! policyc wrote, never rewrite a file whose bytes did not change, and
//! remove only files policyc itself produced (`--clean`).

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::build::Output;

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
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// The previous manifest updated with this build's outputs; with
    /// `clean`, entries not produced now are dropped (their files removed
    /// by the caller).
    fn update(previous: Manifest, outputs: &[&Output], clean: bool) -> (Manifest, Vec<String>) {
        let mut files: BTreeMap<String, ManifestEntry> = BTreeMap::new();
        let produced: std::collections::HashSet<String> =
            outputs.iter().map(|o| rel(&o.path)).collect();
        let mut removed = Vec::new();
        for e in previous.files {
            if clean && !produced.contains(&e.path) {
                removed.push(e.path);
            } else {
                files.insert(e.path.clone(), e);
            }
        }
        for o in outputs {
            let path = rel(&o.path);
            files.insert(
                path.clone(),
                ManifestEntry {
                    path,
                    policy: o.policy.clone(),
                    locale: o.locale.clone(),
                    format: o.format.clone(),
                    sha256: sha256(&o.bytes),
                    size: o.bytes.len() as u64,
                },
            );
        }
        (
            Manifest {
                version: 1,
                inputs: None,
                files: files.into_values().collect(),
            },
            removed,
        )
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut b = serde_json::to_vec_pretty(self).unwrap_or_default();
        b.push(b'\n');
        b
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
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A fingerprint of everything a build's output depends on: the policyc
/// executable (size and modification time), the build's options, and the
/// path and content of every input file (policyc.toml, policyc.lock,
/// policies/, locales/, templates/). Reading and hashing the inputs costs
/// far less than parsing them.
pub fn fingerprint(root: &Path, options: &str) -> io::Result<String> {
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
    let mut files = Vec::new();
    for f in ["policyc.toml", crate::lock::LOCK_FILE] {
        files.push(root.join(f));
    }
    for d in ["policies", "locales", "templates"] {
        collect_files(&root.join(d), &mut files)?;
    }
    files.sort();
    for f in files {
        let rel = f
            .strip_prefix(root)
            .unwrap_or(&f)
            .to_string_lossy()
            .into_owned();
        if let Ok(target) = std::fs::read_link(&f) {
            h.update(b"link");
            h.update(rel.as_bytes());
            h.update(target.to_string_lossy().as_bytes());
        }
        if f.is_dir() {
            h.update(b"dir");
            h.update(rel.as_bytes());
            continue;
        }
        match std::fs::read(&f) {
            Ok(bytes) => {
                h.update((rel.len() as u64).to_le_bytes());
                h.update(rel.as_bytes());
                h.update((bytes.len() as u64).to_le_bytes());
                h.update(&bytes);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => h.update(b"missing"),
            Err(e) => return Err(e),
        }
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for e in entries {
        let e = e?;
        let ty = e.file_type()?;
        if ty.is_symlink() {
            // A link is an input of its own: where it points decides whether
            // the workspace is even valid (links out of it are refused).
            out.push(e.path());
            if e.path().is_dir() {
                collect_files(&e.path(), out)?;
            }
        } else if ty.is_dir() {
            out.push(e.path());
            collect_files(&e.path(), out)?;
        } else {
            out.push(e.path());
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

/// Writes outputs into `out` (absolute) atomically: a staging copy of the
/// current output (hard links, so unchanged files keep their inode and
/// mtime) receives the new files and the updated manifest, then replaces
/// `out` in two renames. With `clean`, files of the previous manifest that
/// this build did not produce are left out of the new folder.
pub fn write_atomically(
    out: &Path,
    outputs: &[&Output],
    clean: bool,
    inputs: Option<&str>,
) -> io::Result<WriteStats> {
    let parent = out
        .parent()
        .ok_or_else(|| io::Error::other("output directory has no parent"))?;
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::other("output directory has no name"))?;
    std::fs::create_dir_all(parent)?;
    recover_interrupted(parent, name, out)?;

    let (mut manifest, removed) =
        Manifest::update(Manifest::read(&out.join(MANIFEST)), outputs, clean);
    manifest.inputs = inputs.map(str::to_string);
    let manifest_bytes = manifest.to_bytes();
    let mut stats = WriteStats::default();
    let changed: Vec<&&Output> = outputs
        .iter()
        .filter(|o| std::fs::read(out.join(&o.path)).ok().as_deref() != Some(o.bytes.as_slice()))
        .collect();
    let removed: Vec<String> = removed
        .into_iter()
        .filter(|r| out.join(r).exists())
        .collect();
    stats.unchanged = outputs.len() - changed.len();
    stats.removed = removed.len();
    let manifest_same =
        std::fs::read(out.join(MANIFEST)).ok().as_deref() == Some(manifest_bytes.as_slice());
    // Nothing changed: touch nothing.
    if changed.is_empty() && removed.is_empty() && manifest_same {
        return Ok(stats);
    }

    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.policyc-new-{pid}"));
    let old = parent.join(format!(".{name}.policyc-old-{pid}"));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let result = (|| {
        std::fs::create_dir_all(&staging)?;
        if out.is_dir() {
            clone_tree(out, &staging)?;
        }
        for r in &removed {
            if inside(Path::new(r)) {
                std::fs::remove_file(staging.join(r))?;
            }
        }
        for (path, bytes) in changed
            .iter()
            .map(|o| (o.path.as_path(), o.bytes.as_slice()))
            .chain((!manifest_same).then_some((Path::new(MANIFEST), manifest_bytes.as_slice())))
        {
            let target = staging.join(path);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            // Remove first: the staging file may be a hard link to the old one.
            if target.symlink_metadata().is_ok() {
                std::fs::remove_file(&target)?;
            }
            std::fs::write(&target, bytes)?;
        }
        if out.exists() {
            std::fs::rename(out, &old)?;
        }
        std::fs::rename(&staging, out)?;
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
        if !out.exists() && old.exists() {
            let _ = std::fs::rename(&old, out);
        }
    }
    result.map(|()| {
        stats.written = changed.len();
        stats
    })
}

/// Writes outputs into a site's content folder, which also holds files
/// that are not policyc's: each file is replaced atomically on its own
/// (temporary file + rename), unchanged files are not touched, and `clean`
/// removes only files the site manifest says policyc wrote earlier.
pub fn write_site(content: &Path, outputs: &[&Output], clean: bool) -> io::Result<WriteStats> {
    std::fs::create_dir_all(content)?;
    let manifest_path = content.join(SITE_MANIFEST);
    let (manifest, removed) = Manifest::update(Manifest::read(&manifest_path), outputs, clean);
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
            std::fs::copy(&src, &dst)?;
            let modified = std::fs::metadata(&src)?.modified()?;
            std::fs::File::options()
                .write(true)
                .open(&dst)?
                .set_modified(modified)?;
        }
    }
    Ok(())
}
