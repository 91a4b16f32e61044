//! The committed stopword lists are exactly what the derivation produces from the shared
//! training text (skipped without ../shared/data).

use padi_filter::{derive_stopwords, StopwordLists, StopwordOptions};

#[test]
fn committed_stopwords_regenerate_byte_for_byte() {
    let Some(data) = padi_core::shared_data::shared_data_dir_or_skip("stopword regeneration")
    else {
        return;
    };
    let options = StopwordOptions::default();
    let lists = derive_stopwords(&data.join("lid/train"), &options).expect("derive");
    let committed = include_str!("../data/stopwords.tsv");
    assert!(
        lists.to_tsv(&options) == committed,
        "data/stopwords.tsv is stale: run `cargo run -p padi-filter --example build-stopwords --release`"
    );
    assert_eq!(&lists, StopwordLists::shipped());
}

#[test]
fn shipped_lists_hold_function_words() {
    let shipped = StopwordLists::shipped();
    for (label, word) in [
        ("ind_Latn", "yang"),
        ("eng_Latn", "the"),
        ("tha_Thai", "ที่"),
        ("lao_Laoo", "ແລະ"),
        ("khm_Khmr", "និង"),
        ("mya_Mymr", "နှင့်"),
        ("vie_Latn", "và"),
    ] {
        assert!(
            shipped.get(label).is_some_and(|l| l.contains(word)),
            "{label} {word}"
        );
    }
    // Too little text for a list.
    assert!(shipped.get("tgl_Tglg").is_none());
}
