//! Text in the wrong language (`wrong-language`): a translated text of
//! enough words that reads as another of the workspace's languages, such
//! as an English paragraph reworded into the Danish file. (A copy of the
//! reference text is `untranslated`'s.)
//!
//! The identification is whatlang's (trigram profiles), asked to choose
//! among the workspace's own languages only: over all of its 70 languages
//! it takes plain English legal prose for French. Languages close enough
//! to share most words (Danish, Norwegian Bokmål and Swedish, and the
//! groups in [`CLOSE`]) are never reported against each other.
//!
//! Asking whatlang about every text would be most of `check`'s time, so a
//! text is asked about only when most of its words occur in the same
//! policy's texts in the languages it could be mistaken for (their
//! [`Vocabulary`]): an English paragraph in the Danish file shares the
//! English file's function words, a Danish paragraph shares few.

use whatlang::{Detector, Lang};

use crate::prose::Prose;

/// A text of fewer words is not judged: whatlang needs some to be sure,
/// and a short label ("Cookies", "E-mail") is the same in many languages.
pub const MIN_WORDS: usize = 8;

/// The share of a text's words that must occur in the other languages'
/// texts before whatlang is asked. An English text shares at least half
/// of its words with the policy's English texts (the, of, and, we, your);
/// the shipped Danish, Norwegian and Swedish texts share at most 40%
/// with the English ones, most under 20%.
const SHARED_WORDS: f64 = 0.5;

/// How sure whatlang must be (its confidence, 0 to 1: how far the best
/// language is ahead of the second).
const MIN_CONFIDENCE: f64 = 0.5;

/// Languages close enough that whatlang confuses them and a translator
/// may mix them on purpose (a Norwegian text quoting a Danish name): a
/// text in one is never reported as being in another of the same group.
const CLOSE: &[&[Lang]] = &[
    &[Lang::Dan, Lang::Nob, Lang::Swe],
    &[Lang::Ces, Lang::Slk],
    &[Lang::Hrv, Lang::Srp, Lang::Slv],
    &[Lang::Bul, Lang::Mkd],
    &[Lang::Rus, Lang::Ukr, Lang::Bel],
    &[Lang::Afr, Lang::Nld],
    &[Lang::Spa, Lang::Cat],
    &[Lang::Hin, Lang::Mar, Lang::Nep],
];

/// whatlang's language for a BCP 47 tag (`da`, `nb`, `en-GB`), through
/// its ISO 639 code. `no` (Norwegian, the macrolanguage) is read as
/// Bokmål, the written form whatlang knows.
pub fn lang_of(tag: &str) -> Option<Lang> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    let primary = if primary == "no" {
        "nb".to_string()
    } else {
        primary
    };
    let language = match primary.len() {
        2 => isolang::Language::from_639_1(&primary)?,
        3 => isolang::Language::from_639_3(&primary)?,
        _ => return None,
    };
    Lang::from_code(language.to_639_3())
}

/// Whether two languages are the same or close ([`CLOSE`]).
pub fn close(a: Lang, b: Lang) -> bool {
    a == b || CLOSE.iter().any(|g| g.contains(&a) && g.contains(&b))
}

/// The words of a policy's texts in one locale, as hashes (a text's words
/// are looked up, never listed).
#[derive(Default)]
pub struct Vocabulary(std::collections::HashSet<u64, std::hash::BuildHasherDefault<Hashed>>);

/// The hasher of a set of hashes: the value is its own hash (hashing it
/// again was a third of the look-up).
#[derive(Default)]
pub struct Hashed(u64);

impl std::hash::Hasher for Hashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; bytes are folded in for completeness.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Vocabulary {
    pub fn add(&mut self, prose: &Prose) {
        self.0.extend(prose.words().map(word_hash));
    }

    /// Adds the words of another vocabulary.
    pub fn extend(&mut self, other: &Vocabulary) {
        self.0.extend(other.0.iter().copied());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn contains(&self, word: &str) -> bool {
        self.0.contains(&word_hash(word))
    }
}

fn word_hash(word: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x706f_6c69_6379).hash_one(word)
}

/// A text that reads as another language.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Misread {
    /// The language it reads as.
    pub lang: Lang,
    pub confidence: f64,
    pub words: usize,
}

/// The workspace's languages, and the detector that chooses among them.
pub struct Languages {
    /// Each workspace locale tag with its language, when whatlang knows it.
    locales: Vec<(String, Lang)>,
    detector: Option<Detector>,
}

impl Languages {
    pub fn new(tags: &[String]) -> Languages {
        let locales: Vec<(String, Lang)> = tags
            .iter()
            .filter_map(|t| Some((t.clone(), lang_of(t)?)))
            .collect();
        let mut langs: Vec<Lang> = locales.iter().map(|(_, l)| *l).collect();
        langs.sort_by_key(|l| l.code());
        langs.dedup();
        // With one language (or one group) there is nothing to mistake.
        let distinct = langs.iter().any(|a| langs.iter().any(|b| !close(*a, *b)));
        Languages {
            locales,
            detector: distinct.then(|| Detector::with_allowlist(langs)),
        }
    }

    /// The language of a workspace locale.
    pub fn of(&self, tag: &str) -> Option<Lang> {
        self.locales.iter().find(|(t, _)| t == tag).map(|(_, l)| *l)
    }

    /// The first workspace locale in `lang`.
    pub fn tag_of(&self, lang: Lang) -> Option<&str> {
        self.locales
            .iter()
            .find(|(_, l)| *l == lang)
            .map(|(t, _)| t.as_str())
    }

    /// The locales whose texts a text of `tag` could be mistaken for:
    /// those in a language neither the same nor close.
    pub fn foreign(&self, tag: &str) -> Vec<&str> {
        let Some(own) = self.of(tag) else {
            return Vec::new();
        };
        self.locales
            .iter()
            .filter(|(_, l)| !close(own, *l))
            .map(|(t, _)| t.as_str())
            .collect()
    }

    /// Whether a text of locale `tag` reads as another language: enough
    /// words, most of them found in the `foreign` vocabulary, and
    /// whatlang sure it is a language not close to the locale's.
    pub fn misread(&self, tag: &str, prose: &Prose, foreign: &Vocabulary) -> Option<Misread> {
        let detector = self.detector.as_ref()?;
        let own = self.of(tag)?;
        if foreign.is_empty() {
            return None;
        }
        // Words are about the spaces between them (a vectorised count);
        // most texts are in their own language, so stop looking them up as
        // soon as too few of their words can be shared.
        let estimate = memchr::memchr_iter(b' ', prose.text().as_bytes()).count() + 1;
        if estimate < MIN_WORDS {
            return None;
        }
        let needed = (SHARED_WORDS * estimate as f64).ceil() as usize;
        let (mut words, mut shared) = (0, 0);
        for w in prose.words() {
            words += 1;
            if foreign.contains(w) {
                shared += 1;
            } else if words - shared > estimate - needed {
                return None;
            }
        }
        if words < MIN_WORDS || (shared as f64) < SHARED_WORDS * words as f64 {
            return None;
        }
        let info = detector.detect(prose.text())?;
        (!close(own, info.lang()) && info.confidence() >= MIN_CONFIDENCE).then(|| Misread {
            lang: info.lang(),
            confidence: info.confidence(),
            words,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locale_tag_maps_to_its_language() {
        assert_eq!(lang_of("da"), Some(Lang::Dan));
        assert_eq!(lang_of("nb"), Some(Lang::Nob));
        assert_eq!(lang_of("no"), Some(Lang::Nob));
        assert_eq!(lang_of("en-GB"), Some(Lang::Eng));
        assert_eq!(lang_of("sv_SE"), Some(Lang::Swe));
        assert_eq!(lang_of("xx"), None);
    }

    #[test]
    fn scandinavian_languages_are_close() {
        assert!(close(Lang::Dan, Lang::Nob));
        assert!(close(Lang::Swe, Lang::Dan));
        assert!(!close(Lang::Dan, Lang::Eng));
    }
}
