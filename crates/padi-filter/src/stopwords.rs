//! Stopword lists per language label, derived from the LID training text.
//!
//! A label's list holds the words that occur in the most lines of `lid/train/<label>.txt`
//! (document frequency, not raw count, so one repetitive text cannot dominate), lowercased,
//! without digits or inner punctuation. In practice these are the function words ("yang",
//! "dan", "ที่", "និង"). The shipped lists are in `data/stopwords.tsv`, regenerated with
//! `cargo run -p padi-filter --example build-stopwords --release`; a test checks that the
//! committed file is exactly what [`derive_stopwords`] produces.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use rayon::prelude::*;

use crate::words::{is_word_char, Segmenter};
use crate::FilterError;

/// How lists are derived.
#[derive(Debug, Clone, PartialEq)]
pub struct StopwordOptions {
    /// Words kept per label.
    pub words_per_label: usize,
    /// Labels with fewer training lines get no list (too little text to tell function words
    /// from topic words).
    pub min_lines: usize,
    /// A word must occur in at least this many lines.
    pub min_line_count: usize,
}

impl Default for StopwordOptions {
    fn default() -> Self {
        StopwordOptions {
            words_per_label: 32,
            min_lines: 20,
            min_line_count: 3,
        }
    }
}

/// Stopword lists keyed by language label; each list is ordered most widespread first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StopwordLists {
    ranked: BTreeMap<String, Vec<String>>,
    lookup: HashMap<String, HashSet<String>>,
}

static SHIPPED: LazyLock<StopwordLists> =
    LazyLock::new(|| StopwordLists::from_tsv(include_str!("../data/stopwords.tsv")));

impl StopwordLists {
    /// The lists committed in `data/stopwords.tsv`.
    pub fn shipped() -> &'static StopwordLists {
        &SHIPPED
    }

    fn from_ranked(ranked: BTreeMap<String, Vec<String>>) -> Self {
        let lookup = ranked
            .iter()
            .map(|(label, words)| (label.clone(), words.iter().cloned().collect()))
            .collect();
        StopwordLists { ranked, lookup }
    }

    /// Parse the TSV form (`label<TAB>word word …`; `#` lines are comments).
    pub fn from_tsv(tsv: &str) -> Self {
        let ranked = tsv
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once('\t'))
            .map(|(label, words)| {
                let words = words.split(' ').filter(|w| !w.is_empty());
                (label.to_string(), words.map(str::to_string).collect())
            })
            .collect();
        Self::from_ranked(ranked)
    }

    /// The TSV form written to `data/stopwords.tsv`, with a header saying how it was made.
    pub fn to_tsv(&self, options: &StopwordOptions) -> String {
        let mut out = format!(
            "# padi-filter stopword lists: <label><TAB><words, most widespread first>.\n\
             # Generated from shared/data/lid/train/ by\n\
             #   cargo run -p padi-filter --example build-stopwords --release\n\
             # (top {} lowercased words by number of lines containing them, present in at least\n\
             # {} lines; labels with fewer than {} lines have no list). Do not edit by hand.\n",
            options.words_per_label, options.min_line_count, options.min_lines
        );
        for (label, words) in &self.ranked {
            out.push_str(label);
            out.push('\t');
            out.push_str(&words.join(" "));
            out.push('\n');
        }
        out
    }

    /// The list for `label`, if there is one.
    pub fn get(&self, label: &str) -> Option<&HashSet<String>> {
        self.lookup.get(label)
    }

    /// Labels with a list, sorted.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.ranked.keys().map(String::as_str)
    }
}

/// Whether a (lowercased) word may be a stopword: letters and marks only.
fn is_candidate(word: &str) -> bool {
    word.chars()
        .all(|c| is_word_char(c) && !c.is_numeric() && !c.is_ascii_digit())
}

fn derive_one(text: &str, segmenter: &Segmenter, options: &StopwordOptions) -> Option<Vec<String>> {
    let mut line_count = 0;
    let mut lines_with: HashMap<String, usize> = HashMap::new();
    let mut in_line: HashSet<String> = HashSet::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        line_count += 1;
        in_line.clear();
        segmenter.for_each_word(line, |w| {
            let w = w.to_lowercase();
            if is_candidate(&w) {
                in_line.insert(w);
            }
        });
        for w in in_line.drain() {
            *lines_with.entry(w).or_insert(0) += 1;
        }
    }
    if line_count < options.min_lines {
        return None;
    }
    let mut ranked: Vec<(String, usize)> = lines_with
        .into_iter()
        .filter(|(_, n)| *n >= options.min_line_count)
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(options.words_per_label);
    (!ranked.is_empty()).then(|| ranked.into_iter().map(|(w, _)| w).collect())
}

/// Derive lists from every `<label>.txt` in `train_dir` (e.g. `shared/data/lid/train`).
/// Deterministic: the same files give the same lists, whatever the thread count.
pub fn derive_stopwords(
    train_dir: &Path,
    options: &StopwordOptions,
) -> Result<StopwordLists, FilterError> {
    let io_err = |source| FilterError::Io {
        path: train_dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(train_dir).map_err(io_err)? {
        let path = entry.map_err(io_err)?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            if let Some(label) = path.file_stem().and_then(|s| s.to_str()) {
                files.push((label.to_string(), path.clone()));
            }
        }
    }
    let segmenter = Segmenter::default();
    let lists: Result<Vec<_>, FilterError> = files
        .par_iter()
        .map(|(label, path)| {
            let text = std::fs::read_to_string(path).map_err(|source| FilterError::Io {
                path: path.clone(),
                source,
            })?;
            Ok(derive_one(&text, &segmenter, options).map(|words| (label.clone(), words)))
        })
        .collect();
    Ok(StopwordLists::from_ranked(
        lists?.into_iter().flatten().collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivation_prefers_widespread_words_and_round_trips() {
        let text = "the cat sat\nthe dog ran\nthe 42 birds\na dog and the cat\nthe end\n";
        let options = StopwordOptions {
            words_per_label: 2,
            min_lines: 2,
            min_line_count: 2,
        };
        let words = derive_one(text, &Segmenter::default(), &options).expect("list");
        assert_eq!(words, ["the", "cat"]);
        let lists = StopwordLists::from_ranked(BTreeMap::from([("eng_Latn".into(), words)]));
        assert_eq!(StopwordLists::from_tsv(&lists.to_tsv(&options)), lists);
        let too_few = StopwordOptions {
            min_lines: 10,
            ..options
        };
        assert_eq!(derive_one(text, &Segmenter::default(), &too_few), None);
    }

    #[test]
    fn shipped_lists_parse() {
        let shipped = StopwordLists::shipped();
        if let Some(thai) = shipped.get("tha_Thai") {
            assert!(thai.contains("ที่") || thai.contains("และ"), "{thai:?}");
        }
    }
}
