//! Crafted edge cases: boundaries, separators, native digits, and what must stay.

use padi_pii::Redactor;

fn check(cases: &[(&str, &str)]) {
    let redactor = Redactor::default();
    let mut failures = Vec::new();
    for &(input, expected) in cases {
        let got = redactor.redact(input).text.into_owned();
        if got != expected {
            failures.push(format!(
                "{input:?}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn numbers_inside_longer_digit_strings_are_not_split() {
    check(&[
        ("ref 9081234567890", "ref 9081234567890"),
        ("x0812345678901", "x0812345678901"),
        ("0812345678901234567", "0812345678901234567"),
        ("12.081234567890", "12.081234567890"),
        ("1,0812345678", "1,0812345678"),
        ("0812345678,25", "0812345678,25"),
        ("(085752202420/2693A97A)", "(<PHONE>/2693A97A)"),
        ("HP 0811-222-333/0812 3456 7890", "HP <PHONE>/<PHONE>"),
        ("S1234567DX", "S1234567DX"),
        ("AS1234567D", "AS1234567D"),
        ("budi0812345678", "budi0812345678"),
        ("#081234567890", "#081234567890"),
    ]);
}

#[test]
fn separators_and_country_codes() {
    check(&[
        ("(+62) 812 3456 7890", "<PHONE>"),
        ("+62 (0)812-3456-7890", "<PHONE>"),
        ("+62 0812 3456 7890.", "<PHONE>."),
        ("+6281234567890", "<PHONE>"),
        ("Tel: 0812.3456.7890;", "Tel: <PHONE>;"),
        ("HP:0812-3456-7890", "HP:<PHONE>"),
        ("+855 (0)12 345 678", "<PHONE>"),
        ("+670 7723 4567", "<PHONE>"),
        ("0062 812 3456 7890", "<PHONE>"),
        ("+62-812-3456-7890", "<PHONE>"),
        ("(+62)812-3456-7890", "<PHONE>"),
        ("+84 (0) 912 345 678", "<PHONE>"),
        ("+66 (0)2 123 4567", "<PHONE>"),
        ("+၉၅ ၉ ၁၂၃ ၄၅၆ ၇၈၉", "<PHONE>"),
        (
            "Phone: 0212345678 / Tel 021 2345 678",
            "Phone: <PHONE> / Tel <PHONE>",
        ),
        ("ref 0212345678", "ref 0212345678"),
        ("telp 0212345678", "telp <PHONE>"),
        ("17-08-2024 0812 3456 7890", "17-08-2024 <PHONE>"),
        ("(02) 8123 4567", "<PHONE>"),
        ("0812-3456-7890 / 0813 1111 2222", "<PHONE> / <PHONE>"),
        ("0812\u{a0}3456\u{a0}7890", "<PHONE>"),
        // A placeholder frees its neighbour on the next pass.
        ("0812-3456-7890+66 81 234 5678", "<PHONE><PHONE>"),
    ]);
}

#[test]
fn native_digits() {
    check(&[
        ("โทร ๐๘๑-๒๓๔-๕๖๗๘ ค่ะ", "โทร <PHONE> ค่ะ"),
        ("เลขบัตร ๑-๑๐๑๗-๐๐๒๐๗-๐๔-๘", "เลขบัตร <ID_TH>"),
        ("ဖုန်း ၀၉၁၂၃၄၅၆၇၈၉", "ဖုန်း <PHONE>"),
        ("ទូរស័ព្ទ ០១២ ៣៤៥ ៦៧៨", "ទូរស័ព្ទ <PHONE>"),
        ("ໂທ ໐໒໐ ໕໕໑໒ ໓໔໕໖", "ໂທ <PHONE>"),
        ("national ID 3201014507900001", "national ID <ID_ID>"),
        ("ปี ๒๕๖๗ ราคา ๑๒,๕๐๐ บาท", "ปี ๒๕๖๗ ราคา ๑๒,๕๐๐ บาท"),
    ]);
}

#[test]
fn things_that_are_not_pii() {
    check(&[
        ("2024-08-17 10:30:45", "2024-08-17 10:30:45"),
        ("17.08.2024", "17.08.2024"),
        ("08-17-2024", "08-17-2024"),
        ("Rp 1.250.000.000", "Rp 1.250.000.000"),
        ("Rp1.250.000", "Rp1.250.000"),
        ("RM 1,299.00", "RM 1,299.00"),
        ("ISBN 978-602-03-1234-5", "ISBN 978-602-03-1234-5"),
        ("ISBN 0306406152", "ISBN 0306406152"),
        ("version 1.2.3.4", "version 1.2.3.4"),
        ("v10.0.19041.1", "v10.0.19041.1"),
        ("1.2.3", "1.2.3"),
        ("std::vector a::b Foo::new", "std::vector a::b Foo::new"),
        ("00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5E"),
        ("::1 and ::", "::1 and ::"),
        ("ratio 16:9", "ratio 16:9"),
        ("1998 2000 2024", "1998 2000 2024"),
        (
            "@handle and user@ and @domain.com",
            "@handle and user@ and @domain.com",
        ),
        ("a@b", "a@b"),
        ("4111 1111 1111 1112", "4111 1111 1111 1112"),
        ("S1234567A", "S1234567A"),
        ("Order 1234 5678", "Order 1234 5678"),
    ]);
}

#[test]
fn addresses() {
    check(&[
        ("ip=192.168.1.1:8080", "ip=<IP>:8080"),
        ("(10.0.0.1)", "(<IP>)"),
        ("[2001:db8::1]:443", "[<IP>]:443"),
        ("fe80::1ff:fe23:4567:890a%eth0", "<IP>%eth0"),
        ("::ffff:192.0.2.128", "<IP>"),
        ("256.1.1.1", "256.1.1.1"),
        ("01.02.03.04", "01.02.03.04"),
        ("<budi@contoh.co.id>", "<<EMAIL>>"),
        ("mailto:a.b+tag@sub.example.com.", "mailto:<EMAIL>."),
        ("x@y.c", "x@y.c"),
        ("0812345678@s.whatsapp.net", "<EMAIL>"),
        ("BUDI.S@GMAIL.COM.", "<EMAIL>."),
        ("server 192.168.0.1.", "server <IP>."),
    ]);
}

/// Sentences written before the matcher was run on them (the four checksum-invalid numbers
/// among them were meant as positives and are rightly kept).
#[test]
fn sentences_written_blind() {
    check(&[
        (
            "Untuk pemesanan hubungi Bu Rina 0856-4321-0987 (WA only)",
            "Untuk pemesanan hubungi Bu Rina <PHONE> (WA only)",
        ),
        (
            "Call us at +65 6225 5582 or visit our office.",
            "Call us at <PHONE> or visit our office.",
        ),
        (
            "สอบถามเพิ่มเติม โทร.02-255-5555 ต่อ 123",
            "สอบถามเพิ่มเติม โทร.<PHONE> ต่อ 123",
        ),
        (
            "Liên hệ hotline 1900 1234 hoặc 0983 456 789.",
            "Liên hệ hotline 1900 1234 hoặc <PHONE>.",
        ),
        ("Text me: 0917-555-1234 po.", "Text me: <PHONE> po."),
        (
            "Hubungi kami di talian 03-7958 2345.",
            "Hubungi kami di talian <PHONE>.",
        ),
        ("ဆက်သွယ်ရန် ၀၉-၄၅၀ ၁၂၃ ၄၅၆", "ဆက်သွယ်ရန် <PHONE>"),
        ("Tel/Fax: (062) 231-4567", "Tel/Fax: <PHONE>"),
        ("Nomor WA: +62 878 1234 5678.", "Nomor WA: <PHONE>."),
        (
            "ទំនាក់ទំនង 012 345 678 ឬ 097 234 5678",
            "ទំនាក់ទំនង <PHONE> ឬ <PHONE>",
        ),
        (
            "Kirim CV ke hrd.recruitment@pt-maju-jaya.co.id paling lambat Jumat.",
            "Kirim CV ke <EMAIL> paling lambat Jumat.",
        ),
        ("อีเมล: somsak.j@chula.ac.th", "อีเมล: <EMAIL>"),
        ("Email:nguyenthu.ha92@gmail.com", "Email:<EMAIL>"),
        (
            "Login from 203.113.152.7 failed.",
            "Login from <IP> failed.",
        ),
        ("Địa chỉ IPv6: 2402:800:6315:1f3::1", "Địa chỉ IPv6: <IP>"),
        (
            "No kartu 5264 7101 2345 6781 exp 09/26",
            "No kartu 5264 7101 2345 6781 exp 09/26",
        ),
        ("Visa 4032-0398-7654-3213", "Visa 4032-0398-7654-3213"),
        (
            "นายสมชาย ใจดี เลขบัตร 3-1006-00456-78-1",
            "นายสมชาย ใจดี เลขบัตร 3-1006-00456-78-1",
        ),
        ("NRIC No.: S8712345I", "NRIC No.: S8712345I"),
        ("K/P: 850612-10-5543", "K/P: <ID_MY>"),
        ("NIK 3174095512870003 a.n. Siti", "NIK <ID_ID> a.n. Siti"),
        (
            "Số định danh cá nhân: 001203004567",
            "Số định danh cá nhân: <ID_VN>",
        ),
        (
            "PhilSys Card Number 4521-7798-1203-5560",
            "PhilSys Card Number <ID_PH>",
        ),
        (
            "Pertandingan berakhir 2-1 pada menit 90+3.",
            "Pertandingan berakhir 2-1 pada menit 90+3.",
        ),
        (
            "Harga promo Rp 2.499.000 (hemat Rp 500.000)",
            "Harga promo Rp 2.499.000 (hemat Rp 500.000)",
        ),
        (
            "GDP tăng 8,02% trong năm 2022, đạt 9.513 nghìn tỷ đồng.",
            "GDP tăng 8,02% trong năm 2022, đạt 9.513 nghìn tỷ đồng.",
        ),
        (
            "ราคา 1,290.- บาท จากปกติ 2,590.- บาท",
            "ราคา 1,290.- บาท จากปกติ 2,590.- บาท",
        ),
        (
            "Penerbangan GA-404 berangkat 07.45 WIB tanggal 12.05.2023.",
            "Penerbangan GA-404 berangkat 07.45 WIB tanggal 12.05.2023.",
        ),
        (
            "Model 2023-2024, kode produk 8993175538012.",
            "Model 2023-2024, kode produk 8993175538012.",
        ),
        (
            "Artikel 28 ayat (1) UU No. 11 Tahun 2008",
            "Artikel 28 ayat (1) UU No. 11 Tahun 2008",
        ),
        (
            "Population: 5,637,022 (2023 est.)",
            "Population: 5,637,022 (2023 est.)",
        ),
        (
            "Kết quả xổ số: 123456 - 654321 - 987654",
            "Kết quả xổ số: 123456 - 654321 - 987654",
        ),
        (
            "Skor akhir 98.5 dari 100.0 poin",
            "Skor akhir 98.5 dari 100.0 poin",
        ),
        (
            "Ang presyo ay ₱ 15,999.00 hanggang 12/31/2024.",
            "Ang presyo ay ₱ 15,999.00 hanggang 12/31/2024.",
        ),
        (
            "Koordinat: -6.2088, 106.8456",
            "Koordinat: -6.2088, 106.8456",
        ),
        (
            "Nomor resi JNE 0107 1234 5678 9012",
            "Nomor resi JNE 0107 1234 5678 9012",
        ),
        (
            "Tiket KAI kode booking 2023 1105 0945",
            "Tiket KAI kode booking 2023 1105 0945",
        ),
        (
            "โครงการ 1 2 3 4 5 6 7 8 9 10",
            "โครงการ 1 2 3 4 5 6 7 8 9 10",
        ),
        (
            "Meeting at 09:30-11:00, room 3.14.",
            "Meeting at 09:30-11:00, room 3.14.",
        ),
        ("ISBN-13: 9786020332956", "ISBN-13: 9786020332956"),
    ]);
}
