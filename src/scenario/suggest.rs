//! "Did you mean": the nearest known name to a misspelt id or field.
//!
//! The distance counts edits of characters (Damerau's, with swaps of
//! neighbours), case-insensitive; a
//! suggestion is made only when it is close enough to be a typo (at most a
//! third of the word's length, and never more than 3 edits), so an id that
//! is simply unknown gets no misleading guess.

/// Edit distance between `a` and `b`: insertions, deletions, substitutions
/// and swaps of two neighbours (`anan` → `anna` is one edit).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// The known name nearest to `word`, when it is close enough to be a typo;
/// ties go to the first in `known`.
pub fn nearest<'a, I, S>(word: &str, known: I) -> Option<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str> + 'a,
{
    let limit = (word.chars().count() / 3).clamp(1, 3);
    known
        .into_iter()
        .map(|k| (distance(word, k.as_ref()), k.as_ref().to_string()))
        .filter(|(d, k)| *d <= limit && k != word)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// " — did you mean `x`?" for a message, or "" when nothing is near.
pub fn did_you_mean<'a, I, S>(word: &str, known: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str> + 'a,
{
    match nearest(word, known) {
        Some(k) => format!(" — did you mean `{k}`?"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_found_and_strangers_are_not() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("anan", "anna"), 1);
        assert_eq!(nearest("hile", ["valbo", "hille"]), Some("hille".into()));
        assert_eq!(nearest("ft", ["fte", "home"]), Some("fte".into()));
        assert_eq!(
            nearest(
                "max_consecutiv_days",
                ["max_consecutive_days", "max_weekly_hours"]
            ),
            Some("max_consecutive_days".into())
        );
        assert_eq!(nearest("stockholm", ["valbo", "hille"]), None);
        assert_eq!(nearest("Anna", ["anna"]), Some("anna".into()));
    }
}
