//! "Did you mean …?" suggestions for misspelt field names and vocabulary keys.

/// Longest word (in bytes) that a suggestion is looked for.
const MAX_WORD: usize = 128;

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn nearest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    // Keys and field names are short; a long word is no typo of one, and Jaro-Winkler's cost
    // grows with the square of its length.
    if word.len() > MAX_WORD {
        return None;
    }
    let word_lower = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&word_lower, &candidate.to_lowercase());
        // Prefix matches ("acc" for "accounts") are plausible even when short.
        let score = if candidate.starts_with(&word_lower) && word_lower.len() >= 3 {
            score.max(0.9)
        } else {
            score
        };
        if best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
}

/// A ready-made hint sentence: "did you mean `x`?".
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    nearest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let fields = ["title", "date", "sources", "summary"];
        assert_eq!(nearest("titel", fields), Some("title"));
        assert_eq!(nearest("source", fields), Some("sources"));
        assert_eq!(nearest("zzzzzz", fields), None);
    }

    #[test]
    fn long_words_get_no_suggestion() {
        let long = format!("title{}", "x".repeat(1_000_000));
        assert_eq!(nearest(&long, ["title"]), None);
    }
}
