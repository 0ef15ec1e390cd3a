//! Where a workspace's files are read from: a folder on disk, or files
//! held in memory (a git revision that `redline` reads, see
//! [`crate::redline::revision`]). The loaders ([`crate::workspace`], the
//! lock, the glossary) read through a [`Tree`], so a revision is loaded by
//! the same code as the working tree, without being written out first.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::{io_error, outside, SourceText};
use crate::diag::{Code, Diagnostic, SourceMap};

/// A workspace's files: a folder, or [`Files`] in memory.
#[derive(Clone, Copy)]
pub enum Tree<'a> {
    Disk(&'a Path),
    Memory(&'a Files),
}

/// A folder entry: its name, and whether it is a folder (a link is
/// followed).
pub struct Entry {
    pub name: OsString,
    pub is_dir: bool,
}

/// Files in memory, by their path relative to the workspace root.
/// Folders are the parents of the files; a link holds its target, which
/// is followed like the system follows one, and must stay inside.
#[derive(Default)]
pub struct Files {
    nodes: BTreeMap<PathBuf, Node>,
}

enum Node {
    /// The text ([`super::decode`]d), shared with whoever reads it (no
    /// copy); bytes that are not UTF-8 are kept to be reported where they
    /// are read.
    File(Result<Arc<String>, Vec<u8>>),
    /// A file of this many bytes, over [`super::MAX_FILE_BYTES`], not read.
    TooLarge(u64),
    Link(PathBuf),
    Folder,
}

/// How many links one path may pass through (Linux's own limit).
const MAX_LINKS: usize = 40;

impl Files {
    pub fn new() -> Files {
        Files::default()
    }

    /// Adds the file `rel` (a path of plain names).
    pub fn insert_file(&mut self, rel: PathBuf, bytes: Vec<u8>) {
        let text = super::decode(bytes)
            .map(Arc::new)
            .map_err(|e| e.into_bytes());
        self.insert(rel, Node::File(text));
    }

    /// Adds the file `rel` of `len` bytes, too large to read.
    pub fn insert_too_large(&mut self, rel: PathBuf, len: u64) {
        self.insert(rel, Node::TooLarge(len));
    }

    /// Adds the link `rel` pointing at `target` (relative to its folder).
    pub fn insert_link(&mut self, rel: PathBuf, target: PathBuf) {
        self.insert(rel, Node::Link(target));
    }

    fn insert(&mut self, rel: PathBuf, node: Node) {
        for parent in rel.ancestors().skip(1) {
            if parent.as_os_str().is_empty() {
                break;
            }
            self.nodes.insert(parent.to_path_buf(), Node::Folder);
        }
        self.nodes.insert(rel, node);
    }

    /// `rel` with every link on the way followed: `Ok(None)` when it
    /// leads to nothing, `outside-workspace` when a link leads out.
    fn resolve(&self, rel: &Path) -> Result<Option<(PathBuf, &Node)>, Diagnostic> {
        let mut at = PathBuf::new();
        let mut rest: Vec<OsString> = Vec::new();
        let mut links = 0;
        push_components(&mut rest, rel);
        while let Some(name) = rest.pop() {
            if name == ".." {
                if !at.pop() {
                    return Err(outside(rel, "a link"));
                }
                continue;
            }
            at.push(&name);
            match self.nodes.get(&at) {
                None => return Ok(None),
                Some(Node::Link(target)) => {
                    links += 1;
                    if links > MAX_LINKS || target.has_root() {
                        return Err(outside(rel, "a link"));
                    }
                    at.pop();
                    push_components(&mut rest, target);
                }
                Some(_) => {}
            }
        }
        Ok(self.nodes.get(&at).map(|n| (at, n)))
    }
}

/// `path`'s names onto `stack`, the first on top (`.` left out).
fn push_components(stack: &mut Vec<OsString>, path: &Path) {
    let names: Vec<OsString> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_os_string()),
            Component::ParentDir => Some(OsString::from("..")),
            _ => None,
        })
        .collect();
    stack.extend(names.into_iter().rev());
}

impl Tree<'_> {
    /// [`super::read_optional`], from this tree.
    pub fn read_optional(
        self,
        rel: &Path,
        sources: &SourceMap,
    ) -> Result<Option<SourceText>, Diagnostic> {
        let files = match self {
            Tree::Disk(root) => return super::read_optional(root, rel, sources),
            Tree::Memory(files) => files,
        };
        match files.resolve(rel)? {
            None => Ok(None),
            Some((_, Node::File(Ok(text)))) => {
                super::register(rel, text.clone(), sources).map(Some)
            }
            Some((_, Node::File(Err(bytes)))) => {
                super::from_bytes(rel, bytes.clone(), sources).map(Some)
            }
            Some((_, Node::TooLarge(len))) => Err(super::too_large(rel, *len)),
            Some(_) => Err(Diagnostic::new(
                Code::Unreadable,
                format!("`{}` is not a regular file", rel.display()),
            )
            .in_file(rel)),
        }
    }

    /// [`super::read`], from this tree.
    pub fn read(self, rel: &Path, sources: &SourceMap) -> Result<SourceText, Diagnostic> {
        self.read_optional(rel, sources)?
            .ok_or_else(|| io_error(rel, &std::io::Error::from(std::io::ErrorKind::NotFound)))
    }

    /// Whether `rel` exists (a link to nothing does not).
    pub fn exists(self, rel: &Path) -> bool {
        match self {
            Tree::Disk(root) => root.join(rel).exists(),
            Tree::Memory(files) => files.resolve(rel).is_ok_and(|n| n.is_some()),
        }
    }

    /// [`super::check_folder`], in this tree.
    pub fn check_folder(self, rel: &Path) -> Result<bool, Diagnostic> {
        let files = match self {
            Tree::Disk(root) => return super::check_folder(root, rel),
            Tree::Memory(files) => files,
        };
        match files.resolve(rel)? {
            None => Ok(false),
            Some((_, Node::Folder)) => Ok(true),
            Some(_) => Err(Diagnostic::new(
                Code::Unreadable,
                format!("`{}` is not a folder", rel.display()),
            )
            .in_file(rel)),
        }
    }

    /// The entries of the folder `rel`, in no particular order.
    pub fn list(self, rel: &Path) -> std::io::Result<Vec<Entry>> {
        let files = match self {
            Tree::Disk(root) => {
                let entries = std::fs::read_dir(root.join(rel))?;
                return Ok(entries
                    .filter_map(Result::ok)
                    .map(|e| Entry {
                        // The entry's own type costs no system call; a
                        // link is followed.
                        is_dir: e.file_type().is_ok_and(|t| {
                            t.is_dir()
                                || t.is_symlink()
                                    && std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir())
                        }),
                        name: e.file_name(),
                    })
                    .collect());
            }
            Tree::Memory(files) => files,
        };
        let not_found = || std::io::Error::from(std::io::ErrorKind::NotFound);
        let (dir, node) = files
            .resolve(rel)
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::PermissionDenied))?
            .ok_or_else(not_found)?;
        if !matches!(node, Node::Folder) {
            return Err(std::io::Error::from(std::io::ErrorKind::NotADirectory));
        }
        Ok(files
            .nodes
            .range(dir.clone()..)
            .skip(1)
            .take_while(|(p, _)| p.starts_with(&dir))
            .filter(|(p, _)| p.parent() == Some(dir.as_path()))
            .filter_map(|(p, _)| {
                let is_dir = matches!(files.resolve(p), Ok(Some((_, Node::Folder))));
                Some(Entry {
                    name: p.file_name()?.to_os_string(),
                    is_dir,
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        let mut f = Files::new();
        f.insert_file("policyc.toml".into(), b"a".to_vec());
        f.insert_file("policies/privacy.toml".into(), b"p".to_vec());
        f.insert_file("locales/en/privacy.ftl".into(), b"e".to_vec());
        f.insert_link("locales/en/terms.ftl".into(), "privacy.ftl".into());
        f.insert_link("locales/nb".into(), "en".into());
        f.insert_link("locales/en/secret.ftl".into(), "../../../etc/passwd".into());
        f.insert_link("locales/en/root.ftl".into(), "/etc/passwd".into());
        f.insert_link("locales/en/loop.ftl".into(), "loop.ftl".into());
        f.insert_link("locales/en/gone.ftl".into(), "missing.ftl".into());
        f
    }

    fn text(tree: Tree<'_>, rel: &str) -> Result<Option<String>, Code> {
        tree.read_optional(Path::new(rel), &SourceMap::default())
            .map(|s| s.map(|s| s.text.to_string()))
            .map_err(|d| d.code)
    }

    #[test]
    fn files_and_links_inside_are_read() {
        let f = files();
        let t = Tree::Memory(&f);
        assert_eq!(text(t, "policies/privacy.toml"), Ok(Some("p".into())));
        assert_eq!(text(t, "locales/en/terms.ftl"), Ok(Some("e".into())));
        assert_eq!(text(t, "locales/nb/privacy.ftl"), Ok(Some("e".into())));
        assert_eq!(text(t, "locales/en/gone.ftl"), Ok(None));
        assert_eq!(text(t, "nothing.toml"), Ok(None));
        assert!(t.check_folder(Path::new("locales/nb")).unwrap());
        assert!(!t.check_folder(Path::new("templates")).unwrap());
        assert_eq!(
            t.check_folder(Path::new("policyc.toml"))
                .map_err(|d| d.code),
            Err(Code::Unreadable)
        );
    }

    #[test]
    fn a_link_out_of_the_tree_or_in_a_circle_is_refused() {
        let f = files();
        let t = Tree::Memory(&f);
        for rel in [
            "locales/en/secret.ftl",
            "locales/en/root.ftl",
            "locales/en/loop.ftl",
        ] {
            assert_eq!(text(t, rel), Err(Code::OutsideWorkspace), "{rel}");
        }
    }

    #[test]
    fn a_folder_lists_its_own_entries_only() {
        let f = files();
        let t = Tree::Memory(&f);
        let mut names: Vec<(String, bool)> = t
            .list(Path::new("locales"))
            .unwrap()
            .into_iter()
            .map(|e| (e.name.into_string().unwrap(), e.is_dir))
            .collect();
        names.sort();
        assert_eq!(names, [("en".to_string(), true), ("nb".to_string(), true)]);
        let en = t.list(Path::new("locales/nb")).unwrap();
        assert_eq!(en.len(), 6, "the linked folder lists the target's files");
        assert!(t.list(Path::new("policies/privacy.toml")).is_err());
        assert!(t.list(Path::new("templates")).is_err());
    }
}
