//! Builds the labelled fixture `tests/fixtures/pii_cases.tsv`: valid identity, card and phone
//! numbers (checksums computed here, independently of the crate) embedded in sentences in
//! Indonesian, Malay, Thai, Vietnamese, Tagalog and English, and look-alike numbers that must
//! stay. Deterministic: a fixed-seed SplitMix64 generator.

/// One labelled line: the PII type in it (or `NONE`), the text, the text after redaction.
pub struct Case {
    pub label: String,
    pub text: String,
    pub expected: String,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

fn luhn_digit(body: &str) -> char {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let v = u32::from(b - b'0');
            if i % 2 == 0 {
                let d = v * 2;
                d / 10 + d % 10
            } else {
                v
            }
        })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

fn thai_digit(body: &str) -> char {
    let sum: u32 = body
        .bytes()
        .zip((2..=13).rev())
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    char::from(b'0' + ((11 - sum % 11) % 10) as u8)
}

fn nric_letter(prefix: char, body: &str) -> char {
    let weights = [2, 7, 6, 5, 4, 3, 2];
    let mut sum: u32 = body
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    sum += match prefix {
        'T' | 'G' => 4,
        'M' => 3,
        _ => 0,
    };
    let table = match prefix {
        'S' | 'T' => "JZIHGFEDCBA",
        'F' | 'G' => "XWUTRQPNMLK",
        _ => "XWUTRQPNJLK",
    };
    table.as_bytes()[(sum % 11) as usize] as char
}

/// Writes ASCII digits as Thai (๐-๙) or Myanmar (၀-၉) digits.
fn native(s: &str, zero: char) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(v) => char::from_u32(zero as u32 + v).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// Groups `digits` by `sizes` joined with `sep`.
fn group(digits: &str, sizes: &[usize], sep: &str) -> String {
    let mut parts = Vec::new();
    let mut at = 0;
    for &s in sizes {
        parts.push(&digits[at..at + s]);
        at += s;
    }
    parts.join(sep)
}

const NIK_PROVINCES: [u32; 12] = [11, 12, 31, 32, 33, 34, 35, 36, 51, 64, 73, 94];
const VN_PROVINCES: [&str; 11] = [
    "001", "031", "038", "048", "079", "092", "096", "022", "056", "066", "082",
];
const MY_STATES: [u32; 10] = [1, 5, 8, 10, 12, 13, 14, 21, 43, 52];

fn day_month(rng: &mut Rng) -> (u64, u64) {
    (rng.range(1, 28), rng.range(1, 12))
}

fn nik(rng: &mut Rng) -> String {
    let (day, month) = day_month(rng);
    let day = if rng.below(2) == 0 { day } else { day + 40 };
    format!(
        "{}{:02}{:02}{:02}{:02}{:02}{:04}",
        rng.pick(&NIK_PROVINCES),
        rng.range(1, 79),
        rng.range(1, 30),
        day,
        month,
        rng.below(100),
        rng.range(1, 999)
    )
}

fn thai_id(rng: &mut Rng) -> String {
    let body = format!("{}{}{}", rng.range(1, 8), rng.range(10, 96), rng.digits(9));
    let check = thai_digit(&body);
    format!("{body}{check}")
}

fn mykad(rng: &mut Rng) -> String {
    let (day, month) = day_month(rng);
    format!(
        "{:02}{:02}{:02}{:02}{}",
        rng.below(100),
        month,
        day,
        rng.pick(&MY_STATES),
        rng.digits(4)
    )
}

fn nric(rng: &mut Rng) -> String {
    let prefix = *rng.pick(&['S', 'T', 'F', 'G', 'M']);
    let body = rng.digits(7);
    format!("{prefix}{body}{}", nric_letter(prefix, &body))
}

fn vn_id(rng: &mut Rng) -> String {
    let century = rng.below(4);
    let year = if century < 2 {
        rng.range(30, 99)
    } else {
        rng.range(0, 12)
    };
    format!(
        "{}{}{:02}{}",
        rng.pick(&VN_PROVINCES),
        century,
        year,
        rng.digits(6)
    )
}

fn card(rng: &mut Rng) -> (String, Vec<usize>) {
    let (prefix, len): (&str, usize) = *rng.pick(&[
        ("4", 16),
        ("51", 16),
        ("55", 16),
        ("2223", 16),
        ("37", 15),
        ("3530", 16),
        ("6011", 16),
        ("62", 16),
        ("4", 13),
    ]);
    let body = format!("{prefix}{}", rng.digits(len - prefix.len() - 1));
    let check = luhn_digit(&body);
    let sizes = match len {
        15 => vec![4, 6, 5],
        13 => vec![13],
        _ => vec![4, 4, 4, 4],
    };
    (format!("{body}{check}"), sizes)
}

fn phone(rng: &mut Rng) -> String {
    let d = |rng: &mut Rng, n| rng.digits(n);
    match rng.below(22) {
        0 => format!("+62 812-{}-{}", d(rng, 4), d(rng, 4)),
        1 => format!("0813-{}-{}", d(rng, 4), d(rng, 4)),
        2 => format!("0857{}", d(rng, 8)),
        3 => format!("(021) {} {}", d(rng, 4), d(rng, 4)),
        4 => format!("+60 12-{} {}", d(rng, 3), d(rng, 4)),
        5 => format!("019-{} {}", d(rng, 3), d(rng, 4)),
        6 => format!("03-{} {}", d(rng, 4), d(rng, 4)),
        7 => format!("+65 9{} {}", d(rng, 3), d(rng, 4)),
        8 => format!("8{} {}", d(rng, 3), d(rng, 4)),
        9 => format!("+66 81 {} {}", d(rng, 3), d(rng, 4)),
        10 => format!("08{}-{}-{}", rng.range(1, 9), d(rng, 3), d(rng, 4)),
        11 => format!("02-{}-{}", d(rng, 3), d(rng, 4)),
        12 => native(
            &format!("08{}-{}-{}", rng.range(1, 9), d(rng, 3), d(rng, 4)),
            '๐',
        ),
        13 => format!("+84 912 {} {}", d(rng, 3), d(rng, 3)),
        14 => format!("0903.{}.{}", d(rng, 3), d(rng, 3)),
        15 => format!("+63 917 {} {}", d(rng, 3), d(rng, 4)),
        16 => format!("0918 {} {}", d(rng, 3), d(rng, 4)),
        17 => format!("+95 9 {} {} {}", d(rng, 3), d(rng, 3), d(rng, 3)),
        18 => native(
            &format!("09 {} {} {}", d(rng, 3), d(rng, 3), d(rng, 3)),
            '၀',
        ),
        19 => format!("+855 12 {} {}", d(rng, 3), d(rng, 3)),
        20 => format!("+856 20 {} {}", d(rng, 4), d(rng, 4)),
        _ => format!("+673 {} {}", 7 + rng.below(2), d(rng, 6)),
    }
}

fn email(rng: &mut Rng) -> String {
    let local = rng.pick(&[
        "budi.santoso",
        "siti_aminah88",
        "nguyen.van.an",
        "somchai.k",
        "juan+news",
        "maria-clara",
        "ahmad.faiz2020",
        "info",
    ]);
    let domain = rng.pick(&[
        "gmail.com",
        "yahoo.co.id",
        "fpt.com.vn",
        "hotmail.co.th",
        "example.ph",
        "sub.example.com.my",
        "mail.gov.sg",
    ]);
    format!("{local}@{domain}")
}

fn ip(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => format!(
            "{}.{}.{}.{}",
            rng.range(1, 223),
            rng.below(256),
            rng.below(256),
            rng.range(1, 254)
        ),
        1 => format!("192.168.{}.{}", rng.below(256), rng.range(1, 254)),
        2 => format!(
            "2001:db8:{:x}::{:x}",
            rng.below(0x10000),
            rng.range(1, 0xffff)
        ),
        _ => format!(
            "fe80::{:x}:{:x}:{:x}:{:x}",
            rng.below(0x10000),
            rng.below(0x10000),
            rng.below(0x10000),
            rng.range(1, 0xffff)
        ),
    }
}

/// Sentences around a value, `{}` marks where it goes.
const GENERIC: [&str; 8] = [
    "Silakan hubungi saya di {} untuk informasi lebih lanjut.",
    "Sila hubungi {} sebelum hari Jumaat ini.",
    "ติดต่อได้ที่ {} ตลอด 24 ชั่วโมงค่ะ",
    "Vui lòng liên hệ {} để biết thêm chi tiết.",
    "Maaari kayong sumulat sa {} anumang oras.",
    "Please contact {} for the details.",
    "({})",
    "{}",
];

fn case(label: &str, template: &str, value: &str) -> Case {
    let placeholder = format!("<{label}>");
    Case {
        label: label.to_string(),
        text: template.replace("{}", value),
        expected: template.replace("{}", &placeholder),
    }
}

fn negative(text: &str) -> Case {
    Case {
        label: "NONE".to_string(),
        text: text.to_string(),
        expected: text.to_string(),
    }
}

fn positives(rng: &mut Rng, out: &mut Vec<Case>) {
    for _ in 0..32 {
        let t = *rng.pick(&GENERIC);
        out.push(case("EMAIL", t, &email(rng)));
        let t = *rng.pick(&GENERIC);
        out.push(case("PHONE", t, &phone(rng)));
        let t = *rng.pick(&GENERIC);
        out.push(case("IP", t, &ip(rng)));
    }
    for i in 0..32 {
        let (number, sizes) = card(rng);
        let value = match i % 3 {
            0 => group(&number, &sizes, " "),
            1 => group(&number, &sizes, "-"),
            _ => number,
        };
        let t = rng.pick(&[
            "Kartu kredit {} berlaku sampai 08/27.",
            "Số thẻ {} đã bị khóa.",
            "Card number: {}",
            "หมายเลขบัตร {} หมดอายุแล้ว",
            "Bayar pakai {} ya.",
        ]);
        out.push(case("CARD", t, &value));
    }
    for i in 0..32 {
        let number = nik(rng);
        let t = rng.pick(&[
            "NIK: {}",
            "Nomor KTP saya {}, mohon dicek.",
            "Nomor induk kependudukan {} terdaftar di Dukcapil.",
            "Data warga {} sudah diverifikasi.",
        ]);
        let value = if i % 8 == 7 {
            group(&number, &[4, 4, 4, 4], " ")
        } else {
            number
        };
        let t = if i % 8 == 7 { "NIK {}" } else { t };
        out.push(case("ID_ID", t, &value));
    }
    for i in 0..32 {
        let number = thai_id(rng);
        let value = match i % 4 {
            0 => group(&number, &[1, 4, 5, 2, 1], "-"),
            1 => group(&number, &[1, 4, 5, 2, 1], " "),
            2 => native(&number, '๐'),
            _ => number,
        };
        let t = rng.pick(&[
            "เลขประจำตัวประชาชน {} ของผู้สมัคร",
            "บัตรประชาชนเลขที่{}หมดอายุ",
            "Thai ID {} was verified.",
            "ผู้ยื่นคำร้อง {}",
        ]);
        out.push(case("ID_TH", t, &value));
    }
    for i in 0..32 {
        let number = mykad(rng);
        let labelled = [
            "No. MyKad: {}",
            "Nombor kad pengenalan {} telah disahkan.",
            "IC {} milik Ahmad.",
            "No. K/P {}",
        ];
        // Undashed MyKad numbers are only redacted after a label (see the crate docs).
        let (t, value) = if i % 3 == 2 {
            (*rng.pick(&labelled), number)
        } else {
            let any = *rng.pick(&["Pemohon ({}) hadir hari ini.", "{}", labelled[0]]);
            (any, group(&number, &[6, 2, 4], "-"))
        };
        out.push(case("ID_MY", t, &value));
    }
    for i in 0..32 {
        let value = nric(rng);
        let value = if i % 5 == 4 {
            value.to_lowercase()
        } else {
            value
        };
        let t = rng.pick(&[
            "NRIC {} is on the form.",
            "FIN:{}",
            "Pemegang {} wajib hadir.",
            "Applicant ({}) approved.",
        ]);
        out.push(case("ID_SG", t, &value));
    }
    for i in 0..32 {
        let number = format!("{}{}", rng.range(1, 9), rng.digits(15));
        let (t, value) = match i % 4 {
            0 => (
                "PhilSys Number (PSN): {}",
                group(&number, &[4, 4, 4, 4], "-"),
            ),
            1 => ("Ang PSN ko ay {} po.", group(&number, &[4, 4, 4, 4], " ")),
            2 => ("PCN {} nakalagay sa PhilID.", number.clone()),
            _ => {
                let first = *rng.pick(&['1', '7', '8', '9']);
                let number = format!("{first}{}", &number[1..]);
                (
                    "Ang numero ay {} ayon sa card.",
                    group(&number, &[4, 4, 4, 4], "-"),
                )
            }
        };
        out.push(case("ID_PH", t, &value));
    }
    for i in 0..32 {
        let number = vn_id(rng);
        let t = if i % 2 == 0 {
            *rng.pick(&[
                "Số CCCD: {}",
                "Căn cước công dân số {} cấp ngày 10/5/2021.",
                "CMND/CCCD {}",
            ])
        } else {
            *rng.pick(&[
                "Ông Nguyễn Văn An, {}, thường trú tại Hà Nội.",
                "Mã {} đã xác minh.",
            ])
        };
        out.push(case("ID_VN", t, &number));
    }
}

/// Look-alikes per country: prices, dates, years, timestamps, order numbers, ISBNs, versions,
/// and numbers one digit or letter away from a valid ID.
fn negatives(rng: &mut Rng, out: &mut Vec<Case>) {
    let fixed = [
        // Indonesia
        "Harga Rp 1.250.000 sudah termasuk pajak.",
        "Tanggal 17-08-2024 pukul 10:30 WIB.",
        "Pesanan #2024081712345678 sedang dikirim.",
        "ISBN 978-602-03-1234-5 terbit tahun 2019.",
        "Tahun 2024 ada 366 hari.",
        "Kode pos 40115, Bandung.",
        "Total Rp 150.000.000.000 untuk proyek jalan.",
        "Jumlah penduduk 275.773.800 jiwa.",
        "Nomor antrean 0812 saja.",
        "Diskon 50% hingga 31.12.2024.",
        "Update versi 10.0.19041.1 sudah tersedia.",
        "Skor 12 - 0 di menit 90.",
        // Malaysia
        "Harga RM 1,299.00 sahaja.",
        "Tarikh 2024-08-31 ialah Hari Merdeka.",
        "Nombor invois INV-20240831-0012.",
        "Sebanyak 12,345,678 pengundi berdaftar.",
        "Kod 990230-14-5678 tidak sah.",
        "Siri 901301145678 bukan IC.",
        // Singapore
        "Order 1234 5678 confirmed.",
        "Postal code 238859, Singapore.",
        "S$ 2,500.50 per month.",
        "Ref S1234567A is not an NRIC.",
        "Unit #12-345 at Block 123.",
        // Thailand
        "ราคา 12,500 บาท",
        "วันที่ 15/08/2567 เวลา 10:00 น.",
        "พ.ศ. 2567 ตรงกับ ค.ศ. 2024",
        "รหัสสินค้า 8851234567890",
        "หมายเลขพัสดุ TH1234567890",
        // Vietnam
        "Giá 150.000 đồng một ly.",
        "Ngày 02/09/1945 là Quốc khánh.",
        "Mã đơn hàng 240817123456.",
        "Dân số 100.300.000 người.",
        // Philippines
        "Presyo ₱1,250.00 lamang.",
        "Tracking 7777 8888 9999 0000 ng parcel.",
        "Noong 12-25-2023 kami umuwi.",
        // Generic
        "Timestamp 2024-08-17 10:30:45 UTC.",
        "Version 1.2.3.4 released.",
        "Pi is 3.14159265358979.",
        "std::vector<int> and a::b are code.",
        "Ratio 16:9 and time 12:30:00.",
        "Call 123-456-7890 in the US.",
        "Serial A1B2C3D4E5 and SKU 00012345.",
        "ISBN 0-306-40615-2 is a classic.",
        "user at example dot com",
        "The year 1998 and 2,000 people.",
        "Coordinates 3.1390, 101.6869.",
        "Range 100-200-300-400 items.",
        "Total 4111 1111 1111 1112 is not a card.",
    ];
    for text in fixed {
        out.push(negative(text));
    }
    for _ in 0..30 {
        // One check digit or letter off.
        let thai = thai_id(rng);
        let last = thai.as_bytes()[12] - b'0';
        let wrong = format!("{}{}", &thai[..12], (last + 1 + rng.below(8) as u8) % 10);
        if wrong != thai {
            out.push(negative(&format!("เลขที่ {wrong} ไม่ถูกต้อง")));
        }
        let sg = nric(rng);
        let letter = sg.as_bytes()[8];
        let other = if letter == b'Z' { 'Y' } else { 'Z' };
        out.push(negative(&format!("Code {}{other} rejected.", &sg[..8])));
        let (number, _) = card(rng);
        let last = number.as_bytes()[number.len() - 1] - b'0';
        let wrong = format!("{}{}", &number[..number.len() - 1], (last + 5) % 10);
        out.push(negative(&format!("Ref {wrong}")));
        // NIK with an impossible date (day 32 or month 13).
        let n = nik(rng);
        let bad = if rng.below(2) == 0 {
            format!("{}32{}", &n[..6], &n[8..])
        } else {
            format!("{}13{}", &n[..8], &n[10..])
        };
        out.push(negative(&format!("No. registrasi {bad}")));
        // MyKad with month 13 or an unused place-of-birth code.
        let k = mykad(rng);
        let bad = if rng.below(2) == 0 {
            format!("{}13{}", &k[..2], &k[4..])
        } else {
            format!("{}70{}", &k[..6], &k[8..])
        };
        out.push(negative(&format!(
            "Rujukan {}",
            group(&bad, &[6, 2, 4], "-")
        )));
        // Vietnamese-looking numbers with an unused province code and no label.
        out.push(negative(&format!(
            "Mã vận đơn 0{}{}",
            rng.pick(&["03", "05", "07", "09", "13", "16", "18", "21"]),
            rng.digits(9)
        )));
        // Sixteen digits without a PhilSys label, grouped by spaces.
        out.push(negative(&format!(
            "Tracking no. {}",
            group(
                &format!("{}{}", rng.pick(&["1", "7", "8", "9"]), rng.digits(15)),
                &[4, 4, 4, 4],
                " "
            )
        )));
        // Prices, dates and short numbers.
        out.push(negative(&format!(
            "Harga Rp {}.{}00 per {}-{:02}-{:02}",
            rng.range(1, 999),
            rng.range(1, 9),
            rng.range(1990, 2030),
            rng.range(1, 12),
            rng.range(1, 28)
        )));
        out.push(negative(&format!(
            "Nomor pesanan {} ({} item)",
            rng.range(1_000, 9_999_999),
            rng.range(1, 99)
        )));
    }
}

/// All cases, positives first.
pub fn cases() -> Vec<Case> {
    let mut rng = Rng(0x00DA_7A5E_ED00_0009);
    let mut out = Vec::new();
    positives(&mut rng, &mut out);
    negatives(&mut rng, &mut out);
    out
}

/// The fixture file's content for `cases`.
pub fn to_tsv(cases: &[Case]) -> String {
    let mut s =
        String::from("# type\ttext\texpected_redacted_text (generated by tests/support/mod.rs)\n");
    for c in cases {
        s.push_str(&format!("{}\t{}\t{}\n", c.label, c.text, c.expected));
    }
    s
}

/// Parses the fixture file.
pub fn from_tsv(tsv: &str) -> Vec<Case> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let mut parts = l.split('\t');
            let mut next = || {
                parts
                    .next()
                    .expect("three tab-separated columns")
                    .to_string()
            };
            Case {
                label: next(),
                text: next(),
                expected: next(),
            }
        })
        .collect()
}
