//! How far the YAML token at a column reaches, so a snippet can underline a whole value
//! (`"~2,800"`, `[IR, XX]`, `facebok`) instead of pointing at its first character.

/// Width in characters of the token starting at 1-based `column` of `line` (at least 1).
pub fn token_width(line: &str, column: usize) -> usize {
    let chars: Vec<char> = line.chars().collect();
    let start = column.saturating_sub(1);
    let Some(&first) = chars.get(start) else {
        return 1;
    };
    let rest = &chars[start..];
    let width = match first {
        '"' | '\'' => quoted(rest, first),
        '[' | '{' => bracketed(rest),
        '|' | '>' | '#' => Some(1),
        c if c.is_whitespace() => Some(1),
        _ => Some(plain(rest, in_flow(&chars[..start]))),
    };
    // Unclosed quotes or brackets: underline to the end of the line.
    let width = width.unwrap_or_else(|| trimmed_len(rest));
    width.max(1)
}

fn quoted(rest: &[char], quote: char) -> Option<usize> {
    let mut i = 1;
    while i < rest.len() {
        match rest[i] {
            '\\' if quote == '"' => i += 2,
            c if c == quote => {
                // '' is an escaped quote inside single quotes.
                if quote == '\'' && rest.get(i + 1) == Some(&'\'') {
                    i += 2;
                } else {
                    return Some(i + 1);
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn bracketed(rest: &[char]) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            q @ ('"' | '\'') => {
                i += quoted(&rest[i..], q)?;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A plain scalar ends at a comment, at `: ` (it was a key), or, inside `[...]`/`{...}`, at
/// the next separator.
fn plain(rest: &[char], flow: bool) -> usize {
    let mut end = rest.len();
    for (i, &c) in rest.iter().enumerate() {
        let next = rest.get(i + 1).copied();
        let at_space_or_end = next.is_none_or(char::is_whitespace);
        if (c == ':' && at_space_or_end)
            || (c == '#' && i > 0 && rest[i - 1].is_whitespace())
            || (flow && matches!(c, ',' | ']' | '}'))
        {
            end = i;
            break;
        }
    }
    trimmed_len(&rest[..end])
}

/// Is the column inside an unclosed `[` or `{` opened earlier on the line?
fn in_flow(before: &[char]) -> bool {
    let mut depth = 0i32;
    for &c in before {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

fn trimmed_len(chars: &[char]) -> usize {
    chars
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::token_width;

    #[test]
    fn plain_values_and_keys() {
        assert_eq!(token_width("discloser: facebok", 12), 7);
        assert_eq!(token_width("titel: x", 1), 5);
        assert_eq!(token_width("url: ftp://x.org/a  # old", 6), 13);
        assert_eq!(token_width("date: 2019-13-01", 7), 10);
    }

    #[test]
    fn quoted_and_flow_values() {
        assert_eq!(token_width("followers: \"~2,800\" # c", 12), 8);
        assert_eq!(token_width("note: 'it''s'", 7), 7);
        assert_eq!(token_width("origin: [IR, XX]", 9), 8);
        assert_eq!(token_width("origin: [IR, XX]", 14), 2);
        assert_eq!(token_width("facebook: {accounts: 5x, pages: 3}", 22), 2);
        assert_eq!(token_width("removed: {a: [1, 2], b: 3}", 10), 17);
    }

    #[test]
    fn odd_places_still_underline_something() {
        assert_eq!(token_width("summary: |", 10), 1);
        assert_eq!(token_width("x", 5), 1);
        assert_eq!(token_width("title: \"unclosed  ", 8), 9);
        assert_eq!(token_width("", 1), 1);
    }
}
