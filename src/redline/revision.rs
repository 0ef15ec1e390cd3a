//! One end of a redline: a folder holding a copy of the workspace, or a
//! git revision of the workspace's repository, read with the `git`
//! program (`git archive`) into a temporary folder that is removed when
//! the [`Checkout`] is dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::diag::{visible_line, Code, Diagnostic};

/// A workspace folder for one end of the comparison.
pub struct Checkout {
    /// The folder to load.
    pub root: PathBuf,
    /// How to name this end in the redline (`v1.0`, `working tree`).
    pub label: String,
    /// The temporary folder to remove, for a git revision.
    temp: Option<PathBuf>,
}

impl Drop for Checkout {
    fn drop(&mut self) {
        if let Some(t) = &self.temp {
            let _ = std::fs::remove_dir_all(t);
        }
    }
}

impl Checkout {
    /// The workspace as it is on disk.
    pub fn working_tree(root: &Path) -> Checkout {
        Checkout {
            root: root.to_path_buf(),
            label: "working tree".to_string(),
            temp: None,
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
                temp: None,
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
        // Only what a workspace is made of: a repository may hold much
        // more (sources, images) that policyc never reads.
        let listing = git(&["ls-tree", "--name-only", "-z", &tree])
            .map_err(|e| bad(format!("cannot run git: {e}")))?;
        if !listing.status.success() {
            return Err(bad(format!(
                "git cannot read `{}`: {}",
                visible_line(rev),
                visible_line(String::from_utf8_lossy(&listing.stderr).trim())
            )));
        }
        let inputs: Vec<&str> = listing
            .stdout
            .split(|b| *b == 0)
            .filter_map(|n| std::str::from_utf8(n).ok())
            .filter(|n| crate::config::INPUTS.contains(n))
            .collect();
        if !inputs.contains(&crate::config::CONFIG_FILE) {
            return Err(bad(format!(
                "`{}` has no {} in `{}`",
                visible_line(rev),
                crate::config::CONFIG_FILE,
                visible_line(if prefix.is_empty() { "." } else { &prefix })
            )));
        }
        let temp = std::env::temp_dir().join(format!(
            "policyc-redline-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let checkout = Checkout {
            root: temp.clone(),
            label: rev.to_string(),
            temp: Some(temp.clone()),
        };
        std::fs::create_dir_all(&temp)
            .map_err(|e| bad(format!("cannot create {}: {e}", temp.display())))?;
        // `git archive` streams into `tar`: the two run side by side.
        let mut archive = Command::new("git")
            .arg("-C")
            .arg(workspace)
            .args(["archive", "--format=tar", &tree, "--"])
            .args(&inputs)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| bad(format!("cannot run git: {e}")))?;
        let stream = archive.stdout.take().map_or(Stdio::null(), Stdio::from);
        let tar = Command::new("tar")
            .arg("-x")
            .arg("-C")
            .arg(&temp)
            .stdin(stream)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output();
        let archived = archive
            .wait_with_output()
            .map_err(|e| bad(format!("cannot run git: {e}")))?;
        if !archived.status.success() {
            return Err(bad(format!(
                "git cannot read `{}`: {}",
                visible_line(rev),
                visible_line(String::from_utf8_lossy(&archived.stderr).trim())
            )));
        }
        let done = tar.map_err(|e| bad(format!("cannot run tar: {e}")))?;
        if !done.status.success() {
            return Err(bad(format!(
                "cannot unpack `{}`: {}",
                visible_line(rev),
                visible_line(String::from_utf8_lossy(&done.stderr).trim())
            )));
        }
        Ok(checkout)
    }
}
