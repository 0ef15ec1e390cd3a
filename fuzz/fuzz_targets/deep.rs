//! The deep-nesting input mode shared by the `ftl_resolve` and
//! `policy_toml` targets.

/// Deep nesting from a short input: `0xFF n1 n0 HEAD 0x00 PREFIX 0x00
/// MIDDLE 0x00 SUFFIX` stands for HEAD, PREFIX repeated n times (n = n1 *
/// 256 + n0, up to 65,535), MIDDLE, and SUFFIX repeated n times. The fuzzer finds short
/// openers (`{ `, `{ $n ->\n *[a] `, `F(`, `[`, `a = {`) and closers, and this
/// nests them thousands deep, where a recursive parser would overflow the
/// stack; any other input is used as it is.
pub fn expand(data: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let [0xFF, n1, n0, rest @ ..] = data else {
        return std::borrow::Cow::Borrowed(data);
    };
    let n = usize::from(*n1) * 256 + usize::from(*n0);
    let mut parts = rest.splitn(4, |&b| b == 0);
    let mut part = || parts.next().unwrap_or_default();
    let (head, prefix, middle, suffix) = (part(), part(), part(), part());
    let len = (prefix.len() + suffix.len()) * n + head.len() + middle.len();
    // The reader refuses a file larger than this (too-large) before any
    // parse, so such an input never reaches the code under test.
    if len as u64 > policyc::source::MAX_FILE_BYTES {
        return std::borrow::Cow::Borrowed(&[]);
    }
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(head);
    for _ in 0..n {
        out.extend_from_slice(prefix);
    }
    out.extend_from_slice(middle);
    for _ in 0..n {
        out.extend_from_slice(suffix);
    }
    std::borrow::Cow::Owned(out)
}
