//! Dates in translations: ICU4X (CLDR) formatting per locale and style,
//! one formatter per locale and style for the whole process, and the
//! Fluent value a date fact becomes, so `DATE()` and plain `{ $date }`
//! format it in the bundle's locale.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use unic_langid::LanguageIdentifier;

use crate::policy::Date;

/// How a date is written: `DATE($d, style: "short")`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateStyle {
    Long,
    Medium,
    Short,
    Iso,
}

/// Formats a date for a locale from CLDR data (ICU4X), e.g. da
/// "5. januar 2024", sv "5 januari 2024", en "January 5, 2024".
pub fn format_date(locale: &LanguageIdentifier, date: Date, style: DateStyle) -> String {
    if style == DateStyle::Iso {
        return date.iso();
    }
    cached_formatter(locale, style).format(date)
}

/// One ICU4X formatter per locale and style for the whole process:
/// building one costs far more than formatting a date with it.
fn cached_formatter(locale: &LanguageIdentifier, style: DateStyle) -> Arc<DateFormatter> {
    type Cache = Mutex<HashMap<(String, DateStyle), Arc<DateFormatter>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = (locale.to_string(), style);
    let cache = CACHE.get_or_init(Default::default);
    if let Some(f) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return f.clone();
    }
    let f = Arc::new(DateFormatter::construct(locale.clone(), style));
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(key)
        .or_insert(f)
        .clone()
}

/// A memoizable ICU4X date formatter for one locale and style.
pub struct DateFormatter {
    inner: Option<
        icu_datetime::FixedCalendarDateTimeFormatter<
            icu_calendar::Gregorian,
            icu_datetime::fieldsets::YMD,
        >,
    >,
}

impl DateFormatter {
    fn construct(lang: LanguageIdentifier, style: DateStyle) -> Self {
        use icu_datetime::fieldsets::YMD;
        let locale: Option<icu_locale_core::Locale> = lang.to_string().parse().ok();
        let fields = match style {
            DateStyle::Long | DateStyle::Iso => YMD::long(),
            DateStyle::Medium => YMD::medium(),
            DateStyle::Short => YMD::short(),
        };
        let inner = locale.and_then(|l| {
            icu_datetime::FixedCalendarDateTimeFormatter::try_new(l.into(), fields).ok()
        });
        DateFormatter { inner }
    }

    fn format(&self, date: Date) -> String {
        let Some(f) = &self.inner else {
            return date.iso();
        };
        match icu_calendar::Date::try_new_gregorian(date.year, date.month, date.day) {
            Ok(d) => f.format(&d).to_string(),
            Err(_) => date.iso(),
        }
    }
}

/// What a bundle's memoizer keeps: a handle to the process-wide formatter.
pub struct SharedDateFormatter(Arc<DateFormatter>);

impl intl_memoizer::Memoizable for SharedDateFormatter {
    type Args = (DateStyleKey,);
    type Error = std::convert::Infallible;
    fn construct(lang: LanguageIdentifier, args: Self::Args) -> Result<Self, Self::Error> {
        Ok(SharedDateFormatter(cached_formatter(&lang, args.0 .0)))
    }
}

/// Hashable wrapper so the style can be a memoizer key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateStyleKey(pub DateStyle);

/// A date as a Fluent value: formatted for the bundle's locale when placed.
#[derive(Clone, Debug, PartialEq)]
pub struct FluentDate {
    pub date: Date,
    pub style: DateStyle,
}

impl fluent_bundle::types::FluentType for FluentDate {
    fn duplicate(&self) -> Box<dyn fluent_bundle::types::FluentType + Send> {
        Box::new(self.clone())
    }

    fn as_string(&self, intls: &intl_memoizer::IntlLangMemoizer) -> Cow<'static, str> {
        let r = intls.with_try_get::<SharedDateFormatter, _, _>((DateStyleKey(self.style),), |f| {
            f.0.format(self.date)
        });
        Cow::Owned(r.unwrap_or_else(|_| self.date.iso()))
    }

    fn as_string_threadsafe(
        &self,
        intls: &intl_memoizer::concurrent::IntlLangMemoizer,
    ) -> Cow<'static, str> {
        if self.style == DateStyle::Iso {
            return Cow::Owned(self.date.iso());
        }
        let r = intls.with_try_get::<SharedDateFormatter, _, _>((DateStyleKey(self.style),), |f| {
            f.0.format(self.date)
        });
        Cow::Owned(r.unwrap_or_else(|_| self.date.iso()))
    }
}

pub(super) fn parse_iso_date(s: &str) -> Option<Date> {
    let mut it = s.trim().splitn(3, '-');
    let year = it.next()?.parse().ok()?;
    let month = it.next()?.parse().ok()?;
    let day = it.next()?.parse().ok()?;
    icu_calendar::Date::try_new_gregorian(year, month, day).ok()?;
    Some(Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_from_cldr_per_locale() {
        let d = Date {
            year: 2024,
            month: 1,
            day: 5,
        };
        let f = |l: &str| format_date(&l.parse().unwrap(), d, DateStyle::Long);
        assert_eq!(f("da"), "5. januar 2024");
        assert_eq!(f("sv"), "5 januari 2024");
        assert_eq!(f("nb"), "5. januar 2024");
        assert_eq!(f("en"), "January 5, 2024");
    }
}
