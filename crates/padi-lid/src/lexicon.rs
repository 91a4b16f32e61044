//! Hand-written marker lists for pairs of close labels that the training text alone cannot
//! separate well: Malay vs Indonesian spellings and words, Hong Kong vs Taiwan vocabulary
//! and transliterations (FLORES `yue_Hant` is written Chinese as used in Hong Kong, not
//! colloquial Cantonese, so it differs from `zho_Hant` only in such choices), Toba vs
//! Angkola–Mandailing forms of Batak, and Balinese function words in Indonesian-heavy text.
//!
//! The lists are knowledge, not data: each entry is a standard spelling or term of one side
//! (`kerana`/`karena`, `軟件`/`軟體`, `意大利`/`義大利`). They only re-weigh the two labels of
//! a pair, and only when the model already ranks one of them first, so they cannot pull text
//! of a third language into the pair.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

/// How markers are found in the text.
enum Matching {
    /// Whole words, ignoring case (Latin script).
    Words,
    /// Substrings (Han script, written without spaces).
    Substrings,
}

/// Two labels and the markers of each.
struct PairLexicon {
    first: &'static str,
    first_markers: &'static [&'static str],
    /// Whole words that count only in exactly this spelling: conventions where case is the
    /// difference (Indonesian capitalises the polite pronoun `Anda`, Malay writes `anda`).
    first_exact: &'static [&'static str],
    second: &'static str,
    second_markers: &'static [&'static str],
    second_exact: &'static [&'static str],
    matching: Matching,
}

/// Log-odds each marker adds to its side: one marker moves a 50:50 call to 88:12, which
/// overrides a model that is unsure but not one that is confident for good reasons.
const MARKER_LOG_ODDS: f32 = 2.0;

const PAIRS: [PairLexicon; 4] = [
    PairLexicon {
        first: "zsm_Latn",
        first_markers: &[
            "kerana",
            "keupayaan",
            "keselesaan",
            "bajet",
            "sila",
            "direka",
            "sahaja",
            "wang",
            "bahawa",
            "iaitu",
            "selepas",
            "bagaimanapun",
            "antarabangsa",
            "sekiranya",
            "mahupun",
            "baharu",
            "pelbagai",
            "berbanding",
            "setiausaha",
            "kakitangan",
            "syarikat",
            "polis",
            "universiti",
            "filem",
            "muzik",
            "kempen",
            "dijangka",
            "pingat",
            "cabaran",
            "keperluan",
            "sepakan",
            "memenangi",
            "hospital",
            "doktor",
            "teksi",
            "peratus",
            "sukan",
            "jurulatih",
            "muzium",
            "cuba",
            "mencuba",
            "fikir",
            "berfikir",
            "faham",
            "sebahagian",
            "bahagian",
            "manakala",
            "jepun",
            "inggeris",
            "perancis",
            "itali",
            "sepanyol",
            "eropah",
            "minit",
            "ogos",
            "julai",
            "disember",
            "isnin",
            "khamis",
            "jumaat",
            "kualiti",
            "aktiviti",
            "komuniti",
            "kapasiti",
            "identiti",
            "realiti",
            "majoriti",
            "minoriti",
            "prioriti",
            "saintis",
            "sains",
            "tentera",
            "askar",
            "percuma",
            "sebarang",
            "semasa",
            "mahu",
            "pesakit",
            "kenderaan",
            "dikenali",
            "elektrik",
            "jawatankuasa",
            "mengandungi",
            "menerusi",
            "mencadangkan",
            "dianggarkan",
            "kerajaan",
            "bilik",
            "telefon",
            "televisyen",
            "laman",
            "peranti",
            "tarikh",
            "berjaya",
            "seluar",
            "kasut",
            "kedai",
            "menjaringkan",
            "insurans",
            "jurutera",
            "jururawat",
            "juruterbang",
            "motosikal",
            "basikal",
            "tandas",
        ],
        first_exact: &["anda"],
        second: "ind_Latn",
        second_markers: &[
            "kenyamanan",
            "mengoperasikan",
            "karena",
            "uang",
            "bahwa",
            "yaitu",
            "internasional",
            "pernyataan",
            "berbagai",
            "dibandingkan",
            "sekretaris",
            "karyawan",
            "departemen",
            "perusahaan",
            "serikat",
            "universitas",
            "musik",
            "kampanye",
            "dokter",
            "taksi",
            "persen",
            "kelompok",
            "olahraga",
            "museum",
            "coba",
            "mencoba",
            "pikir",
            "berpikir",
            "paham",
            "membutuhkan",
            "sebagian",
            "bagian",
            "tiongkok",
            "jepang",
            "inggris",
            "prancis",
            "italia",
            "spanyol",
            "eropa",
            "menit",
            "agustus",
            "juli",
            "juni",
            "desember",
            "maret",
            "senin",
            "kamis",
            "jumat",
            "kualitas",
            "aktivitas",
            "komunitas",
            "kapasitas",
            "identitas",
            "realitas",
            "mayoritas",
            "minoritas",
            "prioritas",
            "ilmuwan",
            "listrik",
            "tentara",
            "gratis",
            "memenangkan",
            "gak",
            "nggak",
            "enggak",
            "banget",
            "aja",
            "udah",
            "gimana",
            "dong",
            "sih",
            "deh",
            "emang",
            "bikin",
            "gue",
            "kalo",
            "bisa",
            "saja",
            "mau",
            "biaya",
            "pasien",
            "sedangkan",
            "mobil",
            "kantor",
            "dll",
            "sepeda",
            "kamar",
            "tim",
            "meskipun",
            "kendaraan",
            "dikenal",
            "pemerintah",
            "bioskop",
            "maskapai",
            "pengadilan",
            "pajak",
            "asuransi",
            "bensin",
            "celana",
            "sepatu",
            "kacamata",
            "ponsel",
            "telepon",
            "televisi",
            "situs",
            "perangkat",
            "berhasil",
            "kemarin",
            "besok",
            "pemilu",
            "kabupaten",
            "provinsi",
            "insinyur",
            "perawat",
            "toko",
        ],
        second_exact: &["Anda"],
        matching: Matching::Words,
    },
    PairLexicon {
        first: "yue_Hant",
        first_markers: &[
            "意大利",
            "新西蘭",
            "悉尼",
            "肯尼亞",
            "坦桑尼亞",
            "尼日利亞",
            "塞浦路斯",
            "老撾",
            "沙特",
            "危地馬拉",
            "哥斯達黎加",
            "洪都拉斯",
            "津巴布韋",
            "贊比亞",
            "莫桑比克",
            "毛里求斯",
            "博茨瓦納",
            "索馬里",
            "利比里亞",
            "塞拉利昂",
            "埃塞俄比亞",
            "盧旺達",
            "馬爾代夫",
            "畿內亞",
            "格魯吉亞",
            "阿塞拜疆",
            "克羅地亞",
            "斯洛文尼亞",
            "波斯尼亞",
            "厄瓜多爾",
            "文萊",
            "也門",
            "卡塔爾",
            "敍利亞",
            "三藩市",
            "巴塞隆拿",
            "伊斯坦布爾",
            "奧巴馬",
            "布殊",
            "特朗普",
            "希拉莉",
            "戴卓爾",
            "貝理雅",
            "普京",
            "默克爾",
            "戴安娜",
            "列根",
            "克林頓",
            "朗拿度",
            "美斯",
            "碧咸",
            "米高",
            "積遜",
            "占士",
            "史提夫",
            "伊利沙伯",
            "史丹福",
            "亞里士多德",
            "布里斯班",
            "行人路",
            "行山",
            // Colloquial Cantonese, absent from FLORES but everywhere in real Hong Kong text.
            "嘅",
            "咗",
            "喺",
            "佢",
            "唔",
            "冇",
            "嚟",
            "啲",
            "哋",
            "嘢",
            "睇",
            "諗",
            "搵",
            "嗰",
            "噉",
            "咩",
            "㗎",
            "網絡",
            "互聯網",
            "軟件",
            "硬件",
            "數碼",
            "打印",
            "屏幕",
            "熒幕",
            "鼠標",
            "質素",
            "的士",
            "單車",
            "泊車",
            "短訊",
            "網誌",
            "電郵",
            "雪糕",
            "薯仔",
            "菠蘿",
            "芝士",
            "朱古力",
            "三文治",
            "三文魚",
            "吞拿魚",
            "粟米",
            "沙律",
            "雪櫃",
            "按揭",
            "升降機",
            "研究院",
            "功課",
            "球會",
            "入球",
            "酒店",
            "厘米",
            "毫米",
            "平方米",
            "水平",
            "恐怖分子",
            "年青",
            "網上",
            "機械人",
            "智能",
            "視像",
            "鐳射",
            "僱員",
            "僱主",
            "通脹",
            "快餐",
            "外賣",
            "香煙",
            "吸煙",
            "戒煙",
            "導彈",
            "潛艇",
            "爲",
            "綫",
            "啓",
            "衞",
            "着",
            "麪",
            "峯",
            "羣",
            "宣佈",
            "公佈",
            "分佈",
            "衹",
            "視頻",
            "信息",
            "項目",
            "街市",
            "商場",
        ],
        first_exact: &[],
        second: "zho_Hant",
        second_markers: &[
            "義大利",
            "雪梨",
            "坦尚尼亞",
            "奈及利亞",
            "賽普勒斯",
            "寮國",
            "沙烏地",
            "瓜地馬拉",
            "哥斯大黎加",
            "宏都拉斯",
            "辛巴威",
            "尚比亞",
            "莫三比克",
            "模里西斯",
            "索馬利亞",
            "賴比瑞亞",
            "獅子山",
            "衣索比亞",
            "盧安達",
            "馬爾地夫",
            "紐幾內亞",
            "喬治亞",
            "亞塞拜然",
            "克羅埃西亞",
            "斯洛維尼亞",
            "波士尼亞",
            "汶萊",
            "葉門",
            "卡達",
            "敘利亞",
            "舊金山",
            "巴塞隆納",
            "歐巴馬",
            "布希",
            "川普",
            "希拉蕊",
            "柴契爾",
            "布萊爾",
            "普丁",
            "梅克爾",
            "黛安娜",
            "雷根",
            "柯林頓",
            "羅納度",
            "梅西",
            "貝克漢",
            "麥可",
            "傑克森",
            "詹姆士",
            "伊莉莎白",
            "史丹佛",
            "亞里斯多德",
            "人行道",
            "健行",
            "網路",
            "軟體",
            "硬體",
            "數位",
            "列印",
            "印表機",
            "滑鼠",
            "品質",
            "計程車",
            "腳踏車",
            "停車",
            "簡訊",
            "電子郵件",
            "冰淇淋",
            "馬鈴薯",
            "鳳梨",
            "起司",
            "巧克力",
            "三明治",
            "鮭魚",
            "鮪魚",
            "玉米",
            "沙拉",
            "冰箱",
            "房貸",
            "電梯",
            "研究所",
            "作業",
            "立法院",
            "俱樂部",
            "飯店",
            "旅館",
            "公分",
            "公釐",
            "公尺",
            "計畫",
            "恐怖份子",
            "身分",
            "使用者",
            "機器人",
            "智慧",
            "視訊",
            "雷射",
            "雇主",
            "通膨",
            "速食",
            "外帶",
            "香菸",
            "吸菸",
            "戒菸",
            "飛彈",
            "戰車",
            "潛艦",
            "臺",
            "資訊",
            "藉由",
        ],
        second_exact: &[],
        matching: Matching::Substrings,
    },
    PairLexicon {
        // `btk` is the collective code for the Batak languages; its NusaWrites text mixes
        // Toba with Angkola–Mandailing. Toba forms make a text Toba Batak (`bbc`), the
        // individual language; Angkola–Mandailing forms keep the collective label, which then
        // stands for the Batak we have no individual label for.
        first: "bbc_Latn",
        first_markers: &[
            "dang",
            "ndang",
            "godang",
            "naeng",
            "unang",
            "ahu",
            "alai",
            "boi",
            "molo",
            "hian",
            "sipanganon",
        ],
        first_exact: &[],
        second: "btk_Latn",
        second_markers: &[
            "inda", "bahat", "giot", "madung", "harana", "maridi", "akkon", "sannari", "lobih",
            "dursun", "porroa", "deges", "sarupo", "napedo", "anso",
        ],
        second_exact: &[],
        matching: Matching::Words,
    },
    PairLexicon {
        // Balinese function words. Written Balinese borrows much Indonesian vocabulary
        // (FLORES Balinese sentences are often half Indonesian words), but these never occur
        // in Indonesian. Indonesian has no counterpart list: the model knows it well.
        first: "ban_Latn",
        first_markers: &[
            "sane", "niki", "sampun", "lan", "antuk", "sareng", "titiang", "nenten", "punika",
            "mangda", "warsa", "nyane", "pinaka", "sakadi", "wenten",
        ],
        first_exact: &[],
        second: "ind_Latn",
        second_markers: &[],
        second_exact: &[],
        matching: Matching::Words,
    },
];

/// A pair's markers compiled once, so that a text is walked once per pair.
enum PairMatcher {
    /// Both sides' markers, sorted, with the exact-case ones kept apart.
    Words {
        first: Vec<&'static str>,
        second: Vec<&'static str>,
        longest: usize,
    },
    /// One automaton over the markers of both sides: the first `first_count` patterns
    /// belong to the first label.
    Substrings {
        automaton: AhoCorasick,
        first_count: usize,
    },
}

impl PairMatcher {
    fn new(pair: &PairLexicon) -> Self {
        match pair.matching {
            Matching::Words => {
                let sorted = |markers: &[&'static str]| {
                    let mut v = markers.to_vec();
                    v.sort_unstable();
                    v
                };
                PairMatcher::Words {
                    first: sorted(pair.first_markers),
                    second: sorted(pair.second_markers),
                    longest: pair
                        .first_markers
                        .iter()
                        .chain(pair.second_markers)
                        .map(|m| m.len())
                        .max()
                        .unwrap_or(0),
                }
            }
            Matching::Substrings => {
                let patterns = pair.first_markers.iter().chain(pair.second_markers);
                PairMatcher::Substrings {
                    // Only fails on patterns too large for the automaton; ours are words.
                    automaton: AhoCorasick::new(patterns).expect("marker automaton"),
                    first_count: pair.first_markers.len(),
                }
            }
        }
    }

    /// Markers of the first label in `text` minus markers of the second. Words match whole
    /// and ignore ASCII case (the markers are lowercase), except the pair's exact-case
    /// words; substrings count every occurrence of every marker, overlaps included.
    fn evidence(&self, pair: &PairLexicon, text: &str) -> i64 {
        match self {
            PairMatcher::Words {
                first,
                second,
                longest,
            } => {
                let mut lower = String::new();
                let mut evidence = 0;
                for word in text.split(|c: char| !c.is_alphabetic()) {
                    let candidate = !word.is_empty() && word.len() <= *longest;
                    if candidate {
                        lower.clear();
                        lower.push_str(word);
                        lower.make_ascii_lowercase();
                    }
                    let marker = |sorted: &[&str]| {
                        candidate && sorted.binary_search(&lower.as_str()).is_ok()
                    };
                    let first_hit = pair.first_exact.contains(&word) || marker(first);
                    let second_hit = pair.second_exact.contains(&word) || marker(second);
                    evidence += i64::from(first_hit) - i64::from(second_hit);
                }
                evidence
            }
            PairMatcher::Substrings {
                automaton,
                first_count,
            } => automaton
                .find_overlapping_iter(text)
                .map(|m| {
                    if m.pattern().as_usize() < *first_count {
                        1
                    } else {
                        -1
                    }
                })
                .sum(),
        }
    }
}

fn matchers() -> &'static [PairMatcher] {
    static MATCHERS: OnceLock<Vec<PairMatcher>> = OnceLock::new();
    MATCHERS.get_or_init(|| PAIRS.iter().map(PairMatcher::new).collect())
}

/// Re-weigh the probabilities of each pair by its markers in `text`, when the model's best
/// label is one of the pair. The pair keeps its total probability; other labels are untouched.
pub(crate) fn adjust(labels: &[String], text: &str, probs: &mut [f32]) {
    let Some(best) = argmax(probs) else {
        return;
    };
    let index = |label: &str| labels.iter().position(|l| l == label);
    for (pair, matcher) in PAIRS.iter().zip(matchers()) {
        let (Some(a), Some(b)) = (index(pair.first), index(pair.second)) else {
            continue;
        };
        if best != a && best != b {
            continue;
        }
        let evidence = matcher.evidence(pair, text) as f32;
        if evidence == 0.0 {
            continue;
        }
        let total = probs[a] + probs[b];
        // Odds of the first label, moved by the markers and bounded to stay finite.
        let log_odds = ((probs[a].max(1e-12) / probs[b].max(1e-12)).ln()
            + MARKER_LOG_ODDS * evidence)
            .clamp(-40.0, 40.0);
        let share = 1.0 / (1.0 + (-log_odds).exp());
        probs[a] = total * share;
        probs[b] = total * (1.0 - share);
    }
}

/// Index of the first maximum, so ties resolve the same way every time.
pub(crate) fn argmax(probs: &[f32]) -> Option<usize> {
    probs
        .iter()
        .enumerate()
        .fold(None, |best: Option<(usize, f32)>, (i, &p)| match best {
            Some((_, bp)) if p <= bp => best,
            _ => Some((i, p)),
        })
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        ["eng_Latn", "ind_Latn", "zsm_Latn"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn markers_move_probability_within_the_pair_only() {
        let mut probs = vec![0.2, 0.5, 0.3];
        adjust(&labels(), "Dia tidak datang kerana hujan.", &mut probs);
        assert_eq!(probs[0], 0.2);
        assert!((probs[1] + probs[2] - 0.8).abs() < 1e-6);
        assert!(probs[2] > probs[1], "{probs:?}");
    }

    #[test]
    fn nothing_changes_without_markers_or_when_a_third_label_leads() {
        let mut probs = vec![0.2, 0.5, 0.3];
        adjust(&labels(), "Saya makan nasi.", &mut probs);
        assert_eq!(probs, vec![0.2, 0.5, 0.3]);
        let mut probs = vec![0.6, 0.3, 0.1];
        adjust(&labels(), "kerana kerana kerana", &mut probs);
        assert_eq!(probs, vec![0.6, 0.3, 0.1]);
    }

    fn evidence(pair: PairLexicon, text: &str) -> i64 {
        PairMatcher::new(&pair).evidence(&pair, text)
    }

    #[test]
    fn words_match_whole_and_ignore_case_han_matches_substrings() {
        let words = |first_markers, second_exact| PairLexicon {
            first: "a",
            first_markers,
            first_exact: &[],
            second: "b",
            second_markers: &[],
            second_exact,
            matching: Matching::Words,
        };
        assert_eq!(
            evidence(words(&["karena"], &[]), "KARENA, karenanya karena"),
            2
        );
        assert_eq!(evidence(words(&[], &["Anda"]), "Anda dan anda, ANDA"), -1);
        let han = PairLexicon {
            first: "a",
            first_markers: &["軟體", "網路"],
            first_exact: &[],
            second: "b",
            second_markers: &["透過"],
            second_exact: &[],
            matching: Matching::Substrings,
        };
        assert_eq!(evidence(han, "這套軟體透過網路更新軟體。"), 3 - 1);
    }

    #[test]
    fn word_markers_are_lowercase_for_the_case_free_lookup() {
        for pair in PAIRS
            .iter()
            .filter(|p| matches!(p.matching, Matching::Words))
        {
            for m in pair.first_markers.iter().chain(pair.second_markers) {
                assert_eq!(*m, m.to_ascii_lowercase(), "{m}");
            }
        }
    }

    #[test]
    fn no_marker_is_on_both_sides_or_inside_a_marker_of_the_other_side() {
        for pair in &PAIRS {
            for a in pair.first_markers {
                for b in pair.second_markers {
                    let clash = match pair.matching {
                        Matching::Words => a.eq_ignore_ascii_case(b),
                        Matching::Substrings => a.contains(b) || b.contains(a),
                    };
                    assert!(!clash, "{a} / {b}");
                }
            }
            // An exact spelling of one side must not be a case-free marker of the other.
            let crossing = pair.first_exact.iter().map(|e| (e, pair.second_markers));
            let crossing =
                crossing.chain(pair.second_exact.iter().map(|e| (e, pair.first_markers)));
            for (exact, others) in crossing {
                assert!(
                    !others.iter().any(|m| m.eq_ignore_ascii_case(exact)),
                    "{exact}"
                );
            }
        }
    }

    #[test]
    fn argmax_takes_the_first_maximum() {
        assert_eq!(argmax(&[0.1, 0.4, 0.4]), Some(1));
        assert_eq!(argmax(&[]), None);
    }
}
