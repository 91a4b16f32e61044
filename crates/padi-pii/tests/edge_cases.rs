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
