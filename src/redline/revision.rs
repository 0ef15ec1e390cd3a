//! One end of a redline: a folder holding a copy of the workspace, or a
//! git revision of the workspace's repository, read with the `git`
//! program (`git ls-tree`, `git cat-file`) into memory: nothing is
//! written to disk, and the files are the commit's own (no
//! `export-ignore` or `export-subst` applies, as it would to `git
//! archive`).

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::diag::{visible_line, Code, Diagnostic};
use crate::source::tree::Files;
use crate::source::{Tree, MAX_FILE_BYTES};

/// A workspace folder for one end of the comparison.
pub struct Checkout {
    /// The folder of the workspace (for a revision, of its working tree).
    pub root: PathBuf,
    /// How diagnostics name this end (`v1.0`, `working tree`).
    pub label: String,
    /// It is the workspace as it is on disk, not a revision or a folder.
    pub working_tree: bool,
    /// A revision's files, read into memory.
    files: Option<Files>,
}

impl Checkout {
    /// The workspace as it is on disk.
    pub fn working_tree(root: &Path) -> Checkout {
        Checkout {
            root: root.to_path_buf(),
            label: "working tree".to_string(),
            working_tree: true,
            files: None,
        }
    }

    /// `rev`: a folder with a `policyc.toml`, else a git revision of the
    /// repository `workspace` is in.
    pub fn open(workspace: &Path, rev: &str) -> Result<Checkout, Diagnostic> {
        let dir = Path::new(rev);
        if dir.join(crate::config::CONFIG_FILE).is_file() {
            return Ok(Checkout {
                root: dir.to_path_buf(),
                label: rev.to_string(),
                working_tree: false,
                files: None,
            });
        }
        let bad = |msg: String| {
            Diagnostic::new(Code::UnknownRevision, msg).hint(
                "give a git revision of the workspace's repository (a tag, branch or commit) or a folder holding a copy of the workspace",
            )
        };
        if rev.is_empty() || rev.starts_with('-') || visible_line(rev) != rev {
            return Err(bad(format!(
                "`{}` is not a revision or a folder",
                visible_line(rev)
            )));
        }
        let git = |args: &[&str]| {
            Command::new("git")
                .arg("-C")
                .arg(workspace)
                .args(args)
                .stdin(Stdio::null())
                .output()
        };
        let verify = git(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ]);
        let commit = match verify {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_string(),
            Ok(_) => {
                return Err(bad(format!(
                "`{}` is neither a folder with {} nor a revision of the workspace's git repository",
                visible_line(rev),
                crate::config::CONFIG_FILE
            )))
            }
            Err(e) => return Err(bad(format!("cannot run git: {e}"))),
        };
        let prefix = git(&["rev-parse", "--show-prefix"])
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        let tree = format!("{commit}:{prefix}");
        let listing = git(&["ls-tree", "-r", "-l", "-z", &tree])
            .map_err(|e| bad(format!("cannot run git: {e}")))?;
        if !listing.status.success() {
            return Err(bad(format!(
                "git cannot read `{}`: {}",
                visible_line(rev),
                visible_line(String::from_utf8_lossy(&listing.stderr).trim())
            )));
        }
        let inputs = list_inputs(&listing.stdout)
            .map_err(|e| bad(format!("git cannot read `{}`: {e}", visible_line(rev))))?;
        if !inputs
            .iter()
            .any(|b| b.path == Path::new(crate::config::CONFIG_FILE))
        {
            return Err(bad(format!(
                "`{}` has no {} in `{}`",
                visible_line(rev),
                crate::config::CONFIG_FILE,
                visible_line(if prefix.is_empty() { "." } else { &prefix })
            )));
        }
        let files = read_blobs(workspace, inputs)
            .map_err(|e| bad(format!("git cannot read `{}`: {e}", visible_line(rev))))?;
        Ok(Checkout {
            root: workspace.to_path_buf(),
            label: rev.to_string(),
            working_tree: false,
            files: Some(files),
        })
    }

    /// Frees a revision's files once they are loaded (its tree is empty
    /// afterwards; never the working tree).
    pub fn release(&mut self) {
        if let Some(f) = &mut self.files {
            *f = Files::new();
        }
    }

    /// The files to load this end from.
    pub fn tree(&self) -> Tree<'_> {
        match &self.files {
            Some(f) => Tree::Memory(f),
            None => Tree::Disk(&self.root),
        }
    }
}

/// A file of a revision: its path, object id, size, and whether it is a
/// link.
struct Blob {
    path: PathBuf,
    oid: String,
    size: u64,
    link: bool,
}

/// The workspace's files in a `git ls-tree -r -l -z` listing: only what a
/// workspace is made of ([`crate::config::INPUTS`]), since a repository
/// may hold much more (sources, images) that policyc never reads, and no
/// submodule.
fn list_inputs(listing: &[u8]) -> Result<Vec<Blob>, String> {
    let mut blobs = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        // `<mode> <type> <object> <size>\t<path>`
        let Some(tab) = entry.iter().position(|b| *b == b'\t') else {
            return Err("unexpected `git ls-tree` output".into());
        };
        let (meta, path) = (&entry[..tab], &entry[tab + 1..]);
        // What is no input is skipped before its name is read as text.
        let top = path.split(|b| *b == b'/').next().unwrap_or_default();
        if !crate::config::INPUTS.iter().any(|i| i.as_bytes() == top) {
            continue;
        }
        let shown = || String::from_utf8_lossy(path).into_owned();
        let path = std::str::from_utf8(path)
            .map(PathBuf::from)
            .map_err(|_| format!("the file name `{}` is not UTF-8", visible_line(&shown())))?;
        let meta = std::str::from_utf8(meta).map_err(|_| "unexpected `git ls-tree` output")?;
        let mut fields = meta.split_whitespace();
        let (Some(mode), Some(kind), Some(oid), Some(size)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err("unexpected `git ls-tree` output".into());
        };
        if kind != "blob" {
            continue;
        }
        blobs.push(Blob {
            path,
            oid: oid.to_string(),
            size: size
                .parse()
                .map_err(|_| "unexpected `git ls-tree` output")?,
            link: mode == "120000",
        });
    }
    Ok(blobs)
}

/// The files `listed`, read with one `git cat-file --batch`. A file over
/// [`MAX_FILE_BYTES`] is not read (loading it is refused).
fn read_blobs(workspace: &Path, listed: Vec<Blob>) -> Result<Files, String> {
    let mut files = Files::new();
    let (large, blobs): (Vec<Blob>, Vec<Blob>) =
        listed.into_iter().partition(|b| b.size > MAX_FILE_BYTES);
    for b in large {
        files.insert_too_large(b.path, b.size);
    }
    let mut cat = Command::new("git")
        .arg("-C")
        .arg(workspace)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let (Some(mut stdin), Some(stdout)) = (cat.stdin.take(), cat.stdout.take()) else {
        return Err("cannot talk to `git cat-file`".into());
    };
    let ids: String = blobs.iter().map(|b| format!("{}\n", b.oid)).collect();
    // The ids are written while the contents are read: either side alone
    // could fill its pipe and wait for the other forever.
    let read = std::thread::scope(|s| {
        s.spawn(move || stdin.write_all(ids.as_bytes()));
        let mut out = std::io::BufReader::new(stdout);
        let mut header = String::new();
        for b in &blobs {
            header.clear();
            out.read_line(&mut header).map_err(|e| e.to_string())?;
            // `<object> blob <size>`
            let size = header
                .trim_end()
                .rsplit(' ')
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|_| header.starts_with(&b.oid))
                .ok_or_else(|| format!("git has no object for `{}`", b.path.display()))?;
            let mut bytes = vec![0; size + 1];
            out.read_exact(&mut bytes).map_err(|e| e.to_string())?;
            bytes.truncate(size);
            if b.link {
                let target = String::from_utf8(bytes)
                    .map_err(|_| format!("the link `{}` is not UTF-8", b.path.display()))?;
                files.insert_link(b.path.clone(), PathBuf::from(target));
            } else {
                files.insert_file(b.path.clone(), bytes);
            }
        }
        Ok::<(), String>(())
    });
    let status = cat.wait().map_err(|e| format!("cannot run git: {e}"))?;
    read?;
    if !status.success() {
        return Err("`git cat-file` failed".into());
    }
    Ok(files)
}
