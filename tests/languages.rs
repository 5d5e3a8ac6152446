//! Sites in other languages than English, and in more than one: `tests/fixtures/lang-fa` (a
//! tracker written in Persian) and `tests/fixtures/lang-en-fa` (English at the root, Persian
//! under /fa/). What a reader sees: the language and direction of every page, the theme's words,
//! digits, dates and calendar, the charts' labels, records shown in their own language where
//! they have no translation, links between translations, and a catalogue a site overrides.

use crate::common::Site;

/// The text of every `data-value` of a page's totals band, in order.
fn totals(page: &str) -> Vec<String> {
    page.split("data-value>")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_persian_site_is_persian_and_right_to_left_throughout() {
    let site = Site::from_fixture("lang-fa");
    let run = site.build();
    run.assert_success();
    // Persian spelling (می‌شود, حساب‌ها) writes zero-width non-joiners: not warned about.
    assert!(!run.stderr.contains("U+200C"), "{}", run.stderr);
    let home = site.page("/");
    assert!(home.contains("<html lang=\"fa\" dir=\"rtl\">"), "{home}");
    for words in [
        "رویدادها",
        "تازه‌ترین رویدادها",
        "جمع‌های اصلی",
        "ناشر: آزمایشگاه نمونه، تورنتو.",
    ] {
        assert!(home.contains(words), "{words}");
    }
    // Counts in Persian digits, a lower bound in words (≥ would be mirrored right to left).
    let values = totals(&home);
    assert_eq!(values.first().map(String::as_str), Some("۵"), "{values:?}");
    assert!(values.iter().any(|v| v == "دست‌کم ۵٬۱۶۱"), "{values:?}");
    assert!(
        !values.iter().any(|v| v.chars().any(|c| c.is_ascii_digit())),
        "{values:?}"
    );
    // Dates in Persian (Gregorian unless the site asks for the Persian calendar).
    let event = site.page("/events/2019-05-28-facebook-iran-network/");
    assert!(event.contains("۲۸ مه ۲۰۱۹"), "{event}");
    assert!(
        event.contains("<h1>فیس‌بوک شبکه‌ای مستقر در ایران"),
        "{event}"
    );
    // An English source title keeps its language; its translation is marked as one.
    assert!(
        event.contains("<a class=\"source__link\" href=\"https://about.fb.com/news/2019/05/removing-more-cib-from-iran/\" lang=\"en\" dir=\"ltr\">Removing More Coordinated Inauthentic Behavior From Iran</a>"),
        "{event}"
    );
    assert!(
        event.contains("ترجمهٔ عنوان: حذف رفتار هماهنگ غیراصیل بیشتر از ایران"),
        "{event}"
    );
    // Names in lists are isolated from the right-to-left text around them.
    assert!(event.contains("<bdi>Facebook</bdi>"), "{event}");
    // The feed says its language.
    assert!(site.read("feed.xml").contains("xml:lang=\"fa\""));
}

#[test]
fn persian_charts_are_labelled_in_persian_and_mirrored_for_categories() {
    let site = Site::from_fixture("lang-fa");
    site.build().assert_success();
    let bars = site.read("figures/accounts-by-platform.svg");
    // The axis ticks in Persian digits, the value of a lower bound in words.
    assert!(bars.contains("۱٬۰۰۰"), "{bars}");
    assert!(bars.contains("دست‌کم ۴٬۷۱۵"), "{bars}");
    // Names at the right: the first bar's label starts right of where the bars grow from.
    let label_x = |name: &str| -> i32 {
        let at = bars.find(&format!("\n{name}\n")).expect(name);
        let tag = &bars[bars[..at].rfind("<text").unwrap()..at];
        let x = tag.split("x=\"").nth(1).unwrap().split('"').next().unwrap();
        x.parse().unwrap()
    };
    assert!(label_x("Twitter") > 500, "{bars}");
    let quarters = site.read("figures/events-by-quarter.svg");
    // A label that starts with a Persian letter is laid out right to left.
    assert!(quarters.contains("direction=\"rtl\""), "{quarters}");
    assert!(quarters.contains("فصل ۲ ۲۰۱۹"), "{quarters}");
    let page = site.page("/figures/accounts-by-platform/");
    assert!(
        page.contains("نمودار میله‌ای: حساب‌ها به تفکیک پلتفرم"),
        "{page}"
    );
}

#[test]
fn a_bilingual_site_links_its_translations_and_counts_the_same_in_both() {
    let site = Site::from_fixture("lang-en-fa");
    site.build().assert_success();
    let en = site.page("/");
    let fa = site.page("/fa/");
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(fa.contains("<html lang=\"fa\" dir=\"rtl\">"));
    // The tracker's title in each language.
    assert!(
        en.contains("<title>Iran-linked influence operations</title>"),
        "{en}"
    );
    assert!(
        fa.contains("<title>عملیات نفوذ مرتبط با ایران</title>"),
        "{fa}"
    );
    for page in [&en, &fa] {
        assert!(
            page.contains(
                "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/tracker/\">"
            ),
            "{page}"
        );
        assert!(
            page.contains(
                "<link rel=\"alternate\" hreflang=\"fa\" href=\"https://example.org/tracker/fa/\">"
            ),
            "{page}"
        );
        assert!(
            page.contains("hreflang=\"x-default\" href=\"https://example.org/tracker/\""),
            "{page}"
        );
    }
    assert!(
        fa.contains("<a href=\"/tracker/\" hreflang=\"en\" lang=\"en\" dir=\"ltr\">English</a>"),
        "{fa}"
    );
    assert!(
        en.contains("<a href=\"/tracker/fa/\" hreflang=\"fa\" lang=\"fa\" dir=\"rtl\">فارسی</a>"),
        "{en}"
    );
    // The same totals, in each language's digits.
    let digits = |s: &str| -> String {
        s.chars()
            .filter_map(|c| match c {
                '0'..='9' => Some(c),
                '۰'..='۹' => char::from_digit(c as u32 - '۰' as u32, 10),
                _ => None,
            })
            .collect()
    };
    let (en_totals, fa_totals) = (totals(&en), totals(&fa));
    assert!(!en_totals.is_empty());
    assert_eq!(
        en_totals.iter().map(|t| digits(t)).collect::<Vec<_>>(),
        fa_totals.iter().map(|t| digits(t)).collect::<Vec<_>>()
    );
    // Two feeds, one per language, each of its language's pages.
    let en_feed = site.read("feed.xml");
    let fa_feed = site.read("fa/feed.xml");
    assert!(en_feed.contains("xml:lang=\"en\""));
    assert!(fa_feed.contains("xml:lang=\"fa\""));
    assert!(
        fa_feed.contains("https://example.org/tracker/fa/events/2019-05-28-facebook-iran-network/")
    );
    assert!(fa_feed.contains("فیس‌بوک شبکه‌ای مستقر در ایران"));
    // One search index per language; the data files once.
    assert!(site.read("data/search.fa.json").contains("\"lang\":\"fa\""));
    assert!(!site.exists("fa/data/events.csv"));
    assert!(site.read("sitemap.xml").contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"fa\" href=\"https://example.org/tracker/fa/events/2019-05-28-facebook-iran-network/\"/>"
    ));
}

#[test]
fn records_show_their_translation_or_fall_back_visibly() {
    let site = Site::from_fixture("lang-en-fa");
    site.build().assert_success();
    // Translated: the Persian page shows the Persian title and summary.
    let translated = site.page("/fa/events/2019-05-28-facebook-iran-network/");
    assert!(
        translated.contains("<h1>فیس‌بوک شبکه‌ای مستقر در ایران"),
        "{translated}"
    );
    assert!(!translated.contains("class=\"fallback\""), "{translated}");
    // Not translated: shown as written, marked English, and said to be untranslated.
    let fallback = site.page("/fa/events/2019-05-28-twitter-false-personas/");
    assert!(
        fallback.contains("<h1 lang=\"en\" dir=\"ltr\">Twitter removes more than 2,800"),
        "{fallback}"
    );
    assert!(fallback.contains("این سابقه هنوز ترجمه نشده"), "{fallback}");
    // A record written in Persian, on the English site: its English title, its Persian summary.
    let persian = site.page("/events/2020-01-10-instagram-soleimani-posts/");
    assert!(
        persian.contains("<h1>Instagram removes posts praising Qassem Soleimani</h1>"),
        "{persian}"
    );
    assert!(
        persian.contains("<div class=\"prose\" lang=\"fa\" dir=\"rtl\">"),
        "{persian}"
    );
    assert!(persian.contains("has not been translated yet"), "{persian}");
}

#[test]
fn the_persian_calendar_dates_full_days_only() {
    let site = Site::from_fixture("lang-en-fa");
    site.build().assert_success();
    // 28 May 2019 is 7 Khordad 1398.
    let fa = site.page("/fa/events/2019-05-28-facebook-iran-network/");
    assert!(fa.contains("۷ خرداد ۱۳۹۸"), "{fa}");
    // The English pages keep the Gregorian calendar.
    let en = site.page("/events/2019-05-28-facebook-iran-network/");
    assert!(en.contains("28 May 2019"), "{en}");
}

#[test]
fn the_last_updated_day_is_said_in_each_page_s_language() {
    let site = Site::from_fixture("lang-en-fa");
    site.build().assert_success();
    let en = site.page("/");
    let fa = site.page("/fa/");
    let footer = |page: &str| {
        page.split("site-footer__version")
            .nth(1)
            .unwrap_or_default()
            .to_string()
    };
    assert!(footer(&en).contains("Last updated"), "{}", footer(&en));
    assert!(footer(&fa).contains("آخرین به‌روزرسانی"), "{}", footer(&fa));
    for month in ["January", "February", "March", "December", "November"] {
        assert!(!footer(&fa).contains(month), "{}", footer(&fa));
    }
}

#[test]
fn a_site_overrides_theme_words_and_check_names_unknown_keys() {
    let site = Site::from_fixture("valid-minimal").file(
        "i18n/en.toml",
        "[nav]\nevents = \"Takedowns\"\n\n[footer]\nchangelog = \"history\"\n",
    );
    site.build().assert_success();
    let home = site.page("/");
    assert!(home.contains(">Takedowns</a>"), "{home}");
    assert!(home.contains(">history</a>"), "{home}");

    site.write("i18n/en.toml", "[nav]\nevnts = \"Takedowns\"\n");
    let check = site.check();
    assert_ne!(check.code, 0);
    assert!(
        check.stderr.contains("unknown key `nav.evnts`"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("did you mean `nav.events`?"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("i18n/en.toml:2:1"),
        "{}",
        check.stderr
    );
}

#[test]
fn an_unknown_language_is_named_with_the_languages_docket_has() {
    let site = Site::from_fixture("valid-minimal");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{config}language = \"fx\"\n"));
    let check = site.check();
    assert_ne!(check.code, 0);
    assert!(
        check
            .stderr
            .contains("no catalogue of theme strings for `fx`"),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("site.toml:4:1"), "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("docket has catalogues for en, fr, es, ar, fa, ru"),
        "{}",
        check.stderr
    );
    // With its own catalogue, any language CLDR knows is a site language.
    site.write("site.toml", &format!("{config}language = \"tr\"\n"));
    site.write("i18n/tr.toml", "[nav]\nevents = \"Olaylar\"\n");
    site.build().assert_success();
    let home = site.page("/");
    assert!(home.contains("<html lang=\"tr\" dir=\"ltr\">"), "{home}");
    assert!(home.contains(">Olaylar</a>"), "{home}");
}
