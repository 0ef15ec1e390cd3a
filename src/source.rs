//! Reading input files: UTF-8 checked, byte-order mark removed, registered
//! in the [`SourceMap`] so that every later diagnostic can point into them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Code, Diagnostic, SourceMap};

pub mod tree;
pub use tree::Tree;

/// Largest input file policyc reads (64 MiB): a guard against a stray
/// binary or a runaway generator, far above any real policy.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One input file's text.
#[derive(Clone, Debug)]
pub struct SourceText {
    /// The path diagnostics show: relative to the workspace root.
    pub path: PathBuf,
    pub text: Arc<String>,
}

/// Reads `root/rel` as UTF-8 text and registers it in `sources`.
pub fn read(root: &Path, rel: &Path, sources: &SourceMap) -> Result<SourceText, Diagnostic> {
    Tree::Disk(root).read(rel, sources)
}

/// [`read`] for a file that may be absent (`Ok(None)`, as for a link to
/// nothing): one look at the file instead of an `exists` check first.
pub fn read_optional(
    root: &Path,
    rel: &Path,
    sources: &SourceMap,
) -> Result<Option<SourceText>, Diagnostic> {
    let full = root.join(rel);
    // What the path itself is (a link is not followed yet): a link must
    // resolve inside the workspace before a byte of its target is read.
    let meta = match std::fs::symlink_metadata(&full) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(rel, &e)),
    };
    let meta = if meta.file_type().is_symlink() {
        match resolve_inside(root, rel, &full)? {
            Some(target) => target,
            None => return Ok(None),
        }
    } else {
        meta
    };
    // The build's fingerprint read (and size-checked) most files already.
    if let Some(bytes) = sources.take_preloaded(&full) {
        return from_bytes(rel, bytes, sources).map(Some);
    }
    if !meta.is_file() {
        return Err(Diagnostic::new(
            Code::Unreadable,
            format!("`{}` is not a regular file", rel.display()),
        )
        .in_file(rel));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(rel, meta.len()));
    }
    let bytes = std::fs::File::open(&full)
        .and_then(|mut f| read_known_size(&mut f, meta.len()))
        .map_err(|e| io_error(rel, &e))?;
    from_bytes(rel, bytes, sources).map(Some)
}

/// The finding for an input of `len` bytes, over [`MAX_FILE_BYTES`].
fn too_large(rel: &Path, len: u64) -> Diagnostic {
    Diagnostic::new(
        Code::TooLarge,
        format!(
            "`{}` is {len} bytes; policyc reads files up to {MAX_FILE_BYTES} bytes",
            rel.display()
        ),
    )
    .in_file(rel)
}

/// The metadata of what the link `root/rel` points at, when that is inside
/// the workspace (`Ok(None)` for a link to nothing); `outside-workspace`
/// otherwise, before anything of the target is read.
fn resolve_inside(
    root: &Path,
    rel: &Path,
    full: &Path,
) -> Result<Option<std::fs::Metadata>, Diagnostic> {
    let target = match full.canonicalize() {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(rel, &e)),
    };
    let root = root
        .canonicalize()
        .map_err(|e| io_error(Path::new("."), &e))?;
    if !target.starts_with(&root) {
        return Err(outside(rel, "a link to a file"));
    }
    std::fs::metadata(&target)
        .map(Some)
        .map_err(|e| io_error(rel, &e))
}

/// Refuses an input that resolves outside the workspace. Nothing of the
/// target is shown: not its content, not even its path.
pub fn outside(rel: &Path, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::OutsideWorkspace,
        format!("`{}` is {what} outside the workspace", rel.display()),
    )
    .in_file(rel)
    .hint("policyc reads only files inside the workspace; copy the file in (a link that stays inside the workspace is fine)")
}

/// Checks that the folder `root/rel`, if it exists, is a folder inside the
/// workspace once links are resolved (a linked `policies/` or `templates/`
/// would make every file in it come from elsewhere). Returns whether it
/// exists.
pub fn check_folder(root: &Path, rel: &Path) -> Result<bool, Diagnostic> {
    let full = root.join(rel);
    match std::fs::symlink_metadata(&full) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(io_error(rel, &e)),
        Ok(m) if m.is_dir() => {
            // A real folder: inside the workspace unless one of its parents
            // is a link, which the caller checks for its own folders.
            if rel.parent().is_none_or(|p| p.as_os_str().is_empty()) {
                return Ok(true);
            }
        }
        Ok(_) => {}
    }
    let inside = match (full.canonicalize(), root.canonicalize()) {
        (Ok(f), Ok(r)) => f.starts_with(&r),
        (Err(e), _) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        _ => false,
    };
    if !inside {
        return Err(outside(rel, "a link to a folder"));
    }
    if !full.is_dir() {
        return Err(Diagnostic::new(
            Code::Unreadable,
            format!("`{}` is not a folder", rel.display()),
        )
        .in_file(rel));
    }
    Ok(true)
}

/// Reads an open file whose size the caller just took from its metadata:
/// the file as it was then, in one `read` call for a file of ordinary size
/// (a file that shrinks meanwhile ends early; bytes appended meanwhile
/// belong to the next build). `std::fs::read` and `File::read_to_end`
/// would ask the system for the size (and position) again and read once
/// more to find the end.
pub fn read_known_size(file: &mut std::fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    let len = usize::try_from(len).map_err(std::io::Error::other)?;
    let mut bytes = vec![0; len];
    let mut filled = 0;
    while filled < len {
        match std::io::Read::read(file, &mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// Decodes file content; registers it under `rel` in `sources`.
pub fn from_bytes(
    rel: &Path,
    bytes: Vec<u8>,
    sources: &SourceMap,
) -> Result<SourceText, Diagnostic> {
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let before = String::from_utf8_lossy(&bytes[..valid]);
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Err(Diagnostic::new(
                Code::InvalidUtf8,
                format!(
                    "{}:{line}:{col}: file is not valid UTF-8 (byte offset {valid})",
                    rel.display()
                ),
            )
            .in_file(rel)
            .hint("save the file as UTF-8"));
        }
    };
    register(rel, Arc::new(text), sources)
}

/// A file's bytes as text, its byte-order mark removed.
pub fn decode(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    let mut text = String::from_utf8(bytes)?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Registers a file's text ([`decode`]d) under `rel` in `sources`; a NUL
/// byte is an error.
pub fn register(
    rel: &Path,
    text: Arc<String>,
    sources: &SourceMap,
) -> Result<SourceText, Diagnostic> {
    sources.add(rel, text.clone());
    if let Some(pos) = text.find('\0') {
        return Err(Diagnostic::new(Code::NulByte, "file contains a NUL byte")
            .at(rel, Some(pos..pos + 1))
            .hint("remove the NUL character; it is never valid in a policy or translation"));
    }
    Ok(SourceText {
        path: rel.to_path_buf(),
        text,
    })
}

fn io_error(rel: &Path, e: &std::io::Error) -> Diagnostic {
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => "does not exist".to_string(),
        std::io::ErrorKind::PermissionDenied => "cannot be read (permission denied)".to_string(),
        _ => format!("cannot be read: {e}"),
    };
    Diagnostic::new(Code::Unreadable, format!("`{}` {what}", rel.display())).in_file(rel)
}

/// A TOML parse or schema error as a diagnostic at its span.
pub fn toml_error(src: &SourceText, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().trim_end_matches('.').to_string();
    if message.contains("recursion") {
        // The parser stops at 80 levels of arrays, inline tables or dotted
        // keys; for a dotted key it gives no position, so find it.
        let span = e.span().or_else(|| deep_dotted_key(&src.text));
        return Diagnostic::new(
            Code::TooDeep,
            format!("nested more than {MAX_TOML_NESTING} levels deep"),
        )
        .input()
        .at(&src.path, span)
        .hint(
            "flatten the tables, arrays or dotted keys here; a policy nests a few levels at most",
        );
    }
    let mut d = Diagnostic::new(Code::InvalidToml, first_lower(&message)).at(&src.path, e.span());
    if message.contains("unknown field") {
        d = d.hint("check the spelling; the README lists every field");
    } else {
        // The parser's message says what it expected at the caret; most
        // slips are a quote or a bracket left open on that line.
        d = d.hint(
            "the file is not valid TOML from the caret on: look there for a string without its closing `\"`, or a `[` or `{` without its `]` or `}`; policyc read nothing of the file",
        );
    }
    d
}

/// How deep the TOML parser lets tables, arrays and dotted keys nest (its
/// own limit, which keeps its recursion off the end of the stack).
pub const MAX_TOML_NESTING: usize = 80;

/// The span of the first key (a table header or the key of a key/value
/// line) with more than [`MAX_TOML_NESTING`] dotted parts.
fn deep_dotted_key(text: &str) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let at = start + (line.len() - trimmed.len());
        start += line.len();
        let key = if let Some(header) = trimmed.strip_prefix('[') {
            header.split(']').next().unwrap_or(header)
        } else {
            trimmed.split('=').next().unwrap_or("")
        };
        // Dots outside quoted parts separate the key's parts.
        let mut quote = None;
        let mut dots = 0;
        for c in key.chars() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '.') => dots += 1,
                _ => {}
            }
        }
        if dots >= MAX_TOML_NESTING - 1 {
            return Some(at..at + key.len().min(trimmed.trim_end().len()).max(1));
        }
    }
    None
}

fn first_lower(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_uppercase() && c.clone().next().is_some_and(|n| n.is_lowercase()) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_read_at_its_known_size_is_the_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.ftl");
        let text = "a = b\n".repeat(3000);
        std::fs::write(&path, &text).unwrap();
        let len = std::fs::metadata(&path).unwrap().len();
        let mut f = std::fs::File::open(&path).unwrap();
        assert_eq!(read_known_size(&mut f, len).unwrap(), text.as_bytes());
        // Shrunk after its size was taken: the bytes that are there.
        std::fs::write(&path, "short").unwrap();
        let mut f = std::fs::File::open(&path).unwrap();
        assert_eq!(read_known_size(&mut f, len).unwrap(), b"short");
        // Grown: the size it had (the rest belongs to the next build).
        let mut f = std::fs::File::open(&path).unwrap();
        assert_eq!(read_known_size(&mut f, 3).unwrap(), b"sho");
        std::fs::write(&path, "").unwrap();
        let mut f = std::fs::File::open(&path).unwrap();
        assert_eq!(read_known_size(&mut f, 0).unwrap(), b"");
    }
}
