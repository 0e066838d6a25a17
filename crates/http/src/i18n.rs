//! Languages (issue 25): every word a converted page shows comes from Project Fluent message files,
//! `crates/http/locales/{language}/{area}.ftl`, read in at build time. A language is a folder of
//! those files and nothing else: the list of languages, their names (each file set's own
//! `language-name`), plurals (Fluent's, by the language's rules) and the way dates and numbers
//! read (`date-day`, `number-decimal-separator`, `percent`) all come from the files.
//!
//! Code and templates look messages up through [`Tr`] with literal ids only, `tr.t("id")`,
//! `tr.n("id", count)`, `tr.a("id", [("name", value)])` or `tr.na("id", count, [("name", value)])`, so `every_message_is_used_and_defined`
//! below can find every id in use by scanning the sources.
//!
//! Which language a request gets: the person's own choice, else the browser's `Accept-Language`
//! (its first language Rapport has, by q-value; `es-MX` is `es`), else the workspace's default,
//! else English. [`remember_browser`] keeps the browser's wish for the request's task, so pages
//! built far from the request (error pages) still speak it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, StaticLoader};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: pages set `lang`, and the marks would
        // show up in tests and in copied text.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages Rapport has, by code, English first.
static LANGUAGES: LazyLock<Vec<&'static LanguageIdentifier>> = LazyLock::new(|| {
    let mut all: Vec<&'static LanguageIdentifier> = LOCALES.locales().collect();
    all.sort_by_key(|l| (l.to_string() != rapport_core::lang::ENGLISH, l.to_string()));
    all
});

fn loader() -> &'static StaticLoader {
    &LOCALES
}

/// Messages in one language: what every converted template and page reads its words from.
#[derive(Clone, Copy)]
pub struct Tr {
    lang: &'static LanguageIdentifier,
}

impl std::fmt::Debug for Tr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tr({})", self.lang)
    }
}

impl Default for Tr {
    fn default() -> Self {
        Tr::english()
    }
}

impl Tr {
    pub fn english() -> Tr {
        Tr::of(rapport_core::lang::ENGLISH).expect("English messages are always there")
    }

    /// The language `code` names, when Rapport has it: `es`, `ES`, or `es-MX` for `es`.
    pub fn of(code: &str) -> Option<Tr> {
        let code = code.trim();
        let exact = LANGUAGES.iter().find(|l| l.to_string().eq_ignore_ascii_case(code));
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        exact
            .or_else(|| LANGUAGES.iter().find(|l| l.language.as_str().eq_ignore_ascii_case(primary)))
            .map(|lang| Tr { lang })
    }

    /// The first of `codes` Rapport has, else the next best: the language chosen, the
    /// browser's, the workspace's (each may be absent).
    pub fn first(codes: &[Option<&str>]) -> Tr {
        codes.iter().flatten().find_map(|code| Tr::of(code)).unwrap_or_else(Tr::english)
    }

    /// For a page: the person's choice, else the browser's wish for this request, else the
    /// workspace's default.
    pub fn choose(chosen: Option<&str>, workspace_default: Option<&str>) -> Tr {
        match chosen.and_then(Tr::of) {
            Some(tr) => tr,
            None => browser().unwrap_or_else(|| Tr::first(&[workspace_default])),
        }
    }

    /// The language's code, for `<html lang>` and links: `en`, `es`.
    pub fn code(&self) -> String {
        self.lang.to_string()
    }

    /// A message without arguments.
    pub fn t(&self, id: &str) -> String {
        self.lookup(id, None)
    }

    /// A message that counts something: Fluent picks the plural form for `$count`.
    pub fn n(&self, id: &str, count: impl Count) -> String {
        let mut args = HashMap::new();
        args.insert(Cow::Borrowed("count"), FluentValue::from(count.count()));
        self.lookup(id, Some(&args))
    }

    /// A message with named text arguments.
    pub fn a(&self, id: &str, args: impl AsRef<[(&'static str, String)]>) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .as_ref()
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
            .collect();
        self.lookup(id, Some(&args))
    }

    /// A message that counts something (`$count`, which picks the plural form) and has named
    /// text arguments besides.
    pub fn na(&self, id: &str, count: impl Count, args: impl AsRef<[(&'static str, String)]>) -> String {
        let mut all: HashMap<Cow<'static, str>, FluentValue> = args
            .as_ref()
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
            .collect();
        all.insert(Cow::Borrowed("count"), FluentValue::from(count.count()));
        self.lookup(id, Some(&all))
    }

    fn lookup(&self, id: &str, args: Option<&HashMap<Cow<'static, str>, FluentValue>>) -> String {
        // A missing message falls back to English; the unit test below keeps that from happening.
        loader().lookup_complete(self.lang, id, args)
    }

    /// A day as the language writes it: "Fri 4 Dec 2026", "viernes, 4 de diciembre de 2026".
    pub fn day(&self, date: NaiveDate) -> String {
        let tr = self;
        let weekday = match date.weekday() {
            chrono::Weekday::Mon => tr.t("weekday-mon"),
            chrono::Weekday::Tue => tr.t("weekday-tue"),
            chrono::Weekday::Wed => tr.t("weekday-wed"),
            chrono::Weekday::Thu => tr.t("weekday-thu"),
            chrono::Weekday::Fri => tr.t("weekday-fri"),
            chrono::Weekday::Sat => tr.t("weekday-sat"),
            chrono::Weekday::Sun => tr.t("weekday-sun"),
        };
        let month = match date.month() {
            1 => tr.t("month-jan"),
            2 => tr.t("month-feb"),
            3 => tr.t("month-mar"),
            4 => tr.t("month-apr"),
            5 => tr.t("month-may"),
            6 => tr.t("month-jun"),
            7 => tr.t("month-jul"),
            8 => tr.t("month-aug"),
            9 => tr.t("month-sep"),
            10 => tr.t("month-oct"),
            11 => tr.t("month-nov"),
            _ => tr.t("month-dec"),
        };
        tr.a(
            "date-day",
            [
                ("weekday", weekday),
                ("day", date.day().to_string()),
                ("month", month),
                ("year", date.year().to_string()),
            ],
        )
    }

    /// A month's full name: "December", "diciembre".
    pub fn month_long(&self, date: NaiveDate) -> String {
        let tr = self;
        match date.month() {
            1 => tr.t("month-long-jan"),
            2 => tr.t("month-long-feb"),
            3 => tr.t("month-long-mar"),
            4 => tr.t("month-long-apr"),
            5 => tr.t("month-long-may"),
            6 => tr.t("month-long-jun"),
            7 => tr.t("month-long-jul"),
            8 => tr.t("month-long-aug"),
            9 => tr.t("month-long-sep"),
            10 => tr.t("month-long-oct"),
            11 => tr.t("month-long-nov"),
            _ => tr.t("month-long-dec"),
        }
    }

    /// A day of the year, its month in full: "4 December", "4 de diciembre".
    pub fn day_month(&self, date: NaiveDate) -> String {
        // `tr.` as everywhere: the test of message ids finds them by it.
        let tr = self;
        tr.a("date-day-month", [("day", date.day().to_string()), ("month", tr.month_long(date))])
    }

    /// A day in a sentence, its month in full: "9 June 2026", "9 de junio de 2026".
    pub fn long_day(&self, date: NaiveDate) -> String {
        let tr = self;
        tr.a("date-long", [("day_month", tr.day_month(date)), ("year", date.year().to_string())])
    }

    /// A number with exactly `decimals` decimals in the language's way: 2.0 → "2.0" or "2,0".
    pub fn fixed(&self, value: f64, decimals: usize) -> String {
        let tr = self;
        format!("{value:.decimals$}").replace('.', &tr.t("number-decimal-separator"))
    }

    /// A whole percentage: 80.4 → "80%", "80 %".
    pub fn percent_whole(&self, value: f64) -> String {
        let tr = self;
        tr.a("percent", [("value", tr.number(value, 0))])
    }

    /// A number with at most `decimals` decimals, none needless, in the language's way:
    /// 12.5 → "12.5" or "12,5".
    pub fn number(&self, value: f64, decimals: usize) -> String {
        let plain = format!("{value:.decimals$}");
        let plain = if plain.contains('.') { plain.trim_end_matches('0').trim_end_matches('.') } else { &plain };
        let tr = self;
        plain.replace('.', &tr.t("number-decimal-separator"))
    }

    /// A percentage: "12.5%", "12,5 %".
    pub fn percent(&self, value: f64) -> String {
        let tr = self;
        tr.a("percent", [("value", tr.number(value, 1))])
    }

    /// Every language Rapport has, as (code, the language's own name for itself).
    pub fn languages() -> Vec<(String, String)> {
        LANGUAGES.iter().map(|lang| (lang.to_string(), Tr { lang }.t("language-name"))).collect()
    }

    /// The codes of every language Rapport has.
    pub fn codes() -> Vec<&'static str> {
        LANGUAGES.iter().map(|l| l.language.as_str()).collect()
    }

    /// The other languages, to offer on a page: (code, own name).
    pub fn others(&self) -> Vec<(String, String)> {
        Tr::languages().into_iter().filter(|(code, _)| *code != self.code()).collect()
    }
}

/// A number of things, as [`Tr::n`] takes it (templates pass their values by reference).
pub trait Count {
    fn count(&self) -> i64;
}

macro_rules! count {
    ($($t:ty),*) => {
        $(impl Count for $t {
            fn count(&self) -> i64 {
                i64::try_from(*self).unwrap_or(i64::MAX)
            }
        })*
    };
}

count!(i64, i32, u32, usize, u64);

impl<T: Count + ?Sized> Count for &T {
    fn count(&self) -> i64 {
        (**self).count()
    }
}

/// Reads an `Accept-Language` header: the languages by q-value, highest first (ties in the
/// order written; `q=0` means "not this one"), and the first of them Rapport has.
pub fn from_accept_language(header: &str) -> Option<Tr> {
    let mut wished: Vec<(f32, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (!tag.is_empty() && tag != "*" && q > 0.0).then_some((q, i, tag))
        })
        .collect();
    wished.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    wished.into_iter().find_map(|(_, _, tag)| Tr::of(tag))
}

tokio::task_local! {
    static BROWSER: Option<Tr>;
}

/// The language the browser of the request being answered asks for, if Rapport has it.
pub fn browser() -> Option<Tr> {
    BROWSER.try_with(|tr| *tr).ok().flatten()
}

/// Middleware: remembers the browser's `Accept-Language` for everything that answers the request.
pub async fn remember_browser(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let wish = request
        .headers()
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(from_accept_language);
    BROWSER.scope(wish, next.run(request)).await
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    fn es() -> Tr {
        Tr::of("es").unwrap()
    }

    #[test]
    fn a_browser_gets_its_first_language_rapport_has() {
        assert_eq!(from_accept_language("es-MX,es;q=0.9,en;q=0.8").unwrap().code(), "es");
        assert_eq!(from_accept_language("fr-CA, en;q=0.5, es;q=0.7").unwrap().code(), "es");
        assert_eq!(from_accept_language("es;q=0, en").unwrap().code(), "en");
        assert!(from_accept_language("fr, de").is_none());
        assert!(from_accept_language("").is_none());
        assert_eq!(Tr::first(&[None, Some("xx"), Some("es")]).code(), "es");
        assert_eq!(Tr::first(&[]).code(), "en");
    }

    #[test]
    fn dates_numbers_and_plurals_follow_the_language() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(Tr::english().day(day), "Mon 7 Dec 2026");
        assert_eq!(es().day(day), "lunes, 7 de diciembre de 2026");
        assert_eq!(Tr::english().day_month(day), day.format("%-d %B").to_string());
        assert_eq!(es().day_month(day), "7 de diciembre");
        assert_eq!(Tr::english().long_day(day), day.format("%-d %B %Y").to_string());
        assert_eq!(es().long_day(day), "7 de diciembre de 2026");
        assert_eq!(Tr::english().fixed(2.0, 1), "2.0");
        assert_eq!(es().fixed(2.0, 1), "2,0");
        assert_eq!(es().percent_whole(79.6), "80\u{a0}%");
        assert_eq!(Tr::english().percent(12.5), "12.5%");
        assert_eq!(es().percent(12.5), "12,5\u{a0}%");
        assert_eq!(es().percent(80.0), "80\u{a0}%");
        assert!(
            es().n("survey-comment-hint", 1).starts_with("Se muestra solo cuando haya respondido al menos 1 persona")
        );
        assert!(es().n("survey-comment-hint", 5).contains("hayan respondido al menos 5 personas"));
        assert!(Tr::english().n("survey-comment-hint", 5).contains("at least 5 people have"));
    }

    /// The message ids each language's files define, by language.
    fn defined() -> Vec<(String, BTreeSet<String>)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let mut languages = Vec::new();
        for folder in std::fs::read_dir(&root).unwrap() {
            let folder = folder.unwrap().path();
            let mut ids = BTreeSet::new();
            for file in std::fs::read_dir(&folder).unwrap() {
                let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
                for line in text.lines() {
                    // A message starts at the line's first column: `id = …`.
                    if let Some((id, _)) = line.split_once(" =")
                        && id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    {
                        assert!(ids.insert(id.to_owned()), "{id} is defined twice in {}", folder.display());
                    }
                }
            }
            languages.push((folder.file_name().unwrap().to_string_lossy().into_owned(), ids));
        }
        languages
    }

    /// Every id passed to `tr.t`, `tr.n`, `tr.a` or `tr.na` in the crate's sources and templates.
    fn used() -> BTreeSet<String> {
        fn scan(dir: &Path, found: &mut BTreeSet<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    scan(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for call in ["tr.t(", "tr.n(", "tr.a(", "tr.na("] {
                        for (at, _) in text.match_indices(call) {
                            // The id may start on the next line, as rustfmt writes long calls.
                            let Some(rest) = text[at + call.len()..].trim_start().strip_prefix('"') else {
                                continue;
                            };
                            let id = &rest[..rest.find('"').unwrap()];
                            // Ids are kebab case; this file's own mentions of the pattern name none.
                            if id != "id"
                                && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                            {
                                found.insert(id.to_owned());
                            }
                        }
                    }
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = BTreeSet::new();
        scan(&root.join("src"), &mut found);
        scan(&root.join("templates"), &mut found);
        found
    }

    #[test]
    fn every_message_is_used_and_defined() {
        let used = used();
        // Looked up by a name the sources do not spell out: each language's own name.
        let looked_up_otherwise: BTreeSet<String> = ["language-name"].iter().map(|s| (*s).to_owned()).collect();
        let languages = defined();
        assert!(languages.len() >= 2, "English and Spanish at least");
        for (language, ids) in &languages {
            let missing: Vec<&String> = used.iter().filter(|id| !ids.contains(*id)).collect();
            assert!(missing.is_empty(), "{language} lacks messages the code uses: {missing:?}");
            let unused: Vec<&String> =
                ids.iter().filter(|id| !used.contains(*id) && !looked_up_otherwise.contains(*id)).collect();
            assert!(unused.is_empty(), "{language} has messages nobody uses: {unused:?}");
            let tr = Tr::of(language).unwrap();
            for id in ids {
                // Without its arguments a message formats with errors, but it must be found.
                let found = LOCALES.lookup_single_language::<&str>(tr.lang, id, None);
                assert!(!format!("{found:?}").contains("MessageRetrieval"), "{language}'s {id} has no value");
            }
        }
    }
}
