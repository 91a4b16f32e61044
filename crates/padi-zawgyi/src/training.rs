//! The training data recipe for the shipped model, read from the shared data directory.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::{train_model, BigramModel};
use crate::to_zawgyi::unicode_to_zawgyi;

/// Unicode Myanmar-script text per language, relative to the shared data directory. Shan and
/// Mon are here so that they are never flagged; `lid/dev/` is left out so tests can score
/// unseen text.
pub const UNICODE_TRAINING_FILES: [&[&str]; 3] = [
    &["lid/train/mya_Mymr.txt", "zawgyi/udhr_mya_unicode_src.txt"],
    &["lid/train/shn_Mymr.txt"],
    &["lid/train/mnw_Mymr.txt"],
];
/// Real Zawgyi text (converted by myanmar-tools), used as is.
pub const ZAWGYI_TRAINING_FILES: [&str; 1] = ["zawgyi/udhr_mya_zawgyi_out.txt"];
/// Unicode Burmese news-style text converted to Zawgyi with [`unicode_to_zawgyi`], so the
/// Zawgyi side is not only UDHR.
pub const CONVERTED_TRAINING_FILES: [&str; 1] = ["lid/train/mya_Mymr.txt"];

/// A training file could not be read.
#[derive(Debug, Error)]
#[error("cannot read Zawgyi training file {path}: {source}")]
pub struct TrainingDataError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

fn read_lines(data_dir: &Path, files: &[&str]) -> Result<Vec<String>, TrainingDataError> {
    let mut lines = Vec::new();
    for file in files {
        let path = data_dir.join(file);
        let text =
            std::fs::read_to_string(&path).map_err(|source| TrainingDataError { path, source })?;
        lines.extend(text.lines().map(str::to_owned));
    }
    Ok(lines)
}

/// Trains the shipped model from the shared data directory (`padi_core::shared_data`).
///
/// Deterministic: the same files give byte-identical [`BigramModel::to_bytes`] output.
pub fn train_default_model(data_dir: &Path) -> Result<BigramModel, TrainingDataError> {
    let unicode = UNICODE_TRAINING_FILES
        .iter()
        .map(|files| read_lines(data_dir, files))
        .collect::<Result<Vec<_>, _>>()?;
    let mut zawgyi = read_lines(data_dir, &ZAWGYI_TRAINING_FILES)?;
    zawgyi.extend(
        read_lines(data_dir, &CONVERTED_TRAINING_FILES)?
            .iter()
            .map(|line| unicode_to_zawgyi(line)),
    );
    Ok(train_model(&unicode, &zawgyi))
}
