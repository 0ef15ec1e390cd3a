//! CLDR plural categories per locale, from ICU4X's plural rules: which
//! variants a selection on a number needs in each language (`one` and
//! `other` in Danish, `one`, `few`, `many`, `other` in Polish).

use icu_plurals::{PluralCategory, PluralRules};
use unic_langid::LanguageIdentifier;

/// The cardinal plural rules of one locale.
pub struct Plurals {
    rules: PluralRules,
}

impl Plurals {
    /// The rules of `lang`, or `None` when ICU4X cannot read the tag.
    /// (A language it has no data for gets the root rules: `other` only.)
    pub fn new(lang: &LanguageIdentifier) -> Option<Plurals> {
        let locale: icu_locale_core::Locale = lang.to_string().parse().ok()?;
        let rules = PluralRules::try_new_cardinal((&locale).into()).ok()?;
        Some(Plurals { rules })
    }

    /// The categories the locale uses, by their CLDR names, in CLDR order
    /// (`zero`, `one`, `two`, `few`, `many`, `other`).
    pub fn categories(&self) -> Vec<&'static str> {
        self.rules.categories().map(name).collect()
    }

    /// The smallest whole number (up to 1,000) in `category`, to show a
    /// translator what the variant is for; `None` for a category only
    /// fractions take.
    pub fn example(&self, category: &str) -> Option<u32> {
        (0..=1000).find(|n| name(self.rules.category_for(*n)) == category)
    }
}

/// The CLDR name of a category, as a Fluent variant key writes it.
fn name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plurals(tag: &str) -> Plurals {
        Plurals::new(&tag.parse().unwrap()).unwrap()
    }

    #[test]
    fn nordic_languages_use_one_and_other() {
        for tag in ["en", "da", "sv", "nb"] {
            assert_eq!(plurals(tag).categories(), ["one", "other"], "{tag}");
        }
    }

    #[test]
    fn polish_uses_four_categories() {
        assert_eq!(plurals("pl").categories(), ["one", "few", "many", "other"]);
    }

    #[test]
    fn an_example_is_the_smallest_number_in_the_category() {
        let pl = plurals("pl");
        assert_eq!(pl.example("one"), Some(1));
        assert_eq!(pl.example("few"), Some(2));
        assert_eq!(pl.example("many"), Some(0));
    }
}
