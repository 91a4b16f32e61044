#[test]
fn short() {
    let d = padi_zawgyi::ZawgyiDetector::load_default().unwrap();
    let t = std::fs::read_to_string("../../../shared/data/zawgyi/zawgyi_unicode_test.tsv").unwrap();
    let (mut n, mut hi, mut uhi) = (0, 0, 0);
    for l in t.lines().skip(1) { let f: Vec<&str> = l.split('\t').collect(); if f[1] == f[2] { continue } n += 1; let p = d.probability(f[1]); let q = d.probability(f[2]); if p > 0.95 { hi += 1 } else { println!("LOW {p:.3} {}", f[1]) } if q >= 0.05 { uhi += 1; println!("UHI {q:.3} {}", f[2]) } }
    println!("{hi}/{n} zawgyi words > 0.95; {uhi} unicode words >= 0.05");
}
