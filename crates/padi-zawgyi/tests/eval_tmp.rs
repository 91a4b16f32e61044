use padi_zawgyi::*;
fn lines(f: &str) -> Vec<String> { std::fs::read_to_string(format!("../../../shared/data/{f}")).unwrap().lines().map(String::from).collect() }
#[test]
fn eval() {
    let d = ZawgyiDetector::load_default().unwrap();
    let t = lines("zawgyi/compatibility.tsv");
    let mut agree = 0;
    for l in &t { let (s, x) = l.split_once('\t').unwrap(); let r: f64 = s.replace("Infinity","inf").parse().unwrap(); let p = d.probability(x); if (p > 0.5) == (r > 0.5) { agree += 1 } else { println!("DISAGREE {r} {p} {x}") } }
    println!("compat {agree}/{}", t.len());
    for f in ["lid/dev/mya_Mymr.txt", "lid/train/shn_Mymr.txt", "lid/train/mnw_Mymr.txt", "lid/train/mya_Mymr.txt"] {
        let ls = lines(f); let bad: Vec<f64> = ls.iter().map(|l| d.probability(l)).filter(|&p| p >= 0.05).collect();
        let max = ls.iter().map(|l| d.probability(l)).fold(0.0, f64::max);
        println!("{f}: {} of {} >= 0.05, max {max}", bad.len(), ls.len());
        let zs: Vec<String> = ls.iter().map(|l| unicode_to_zawgyi(l)).filter(|z| !ls.contains(z)).collect();
        let min = zs.iter().map(|l| d.probability(l)).fold(1.0, f64::min);
        println!("  as zawgyi: {} of {} <= 0.95, min {min}", zs.iter().filter(|z| d.probability(z) <= 0.95).count(), zs.len());
    }
    let z = lines("zawgyi/udhr_mya_zawgyi_out.txt"); let u = lines("zawgyi/udhr_mya_unicode_src.txt");
    let mut n = 0; let mut low = 0;
    for (a, b) in z.iter().zip(&u) { if a == b { continue } n += 1; let p = d.probability(a); if p <= 0.95 { low += 1; println!("LOWZ {p} {a}") } }
    println!("udhr zawgyi {low} of {n} <= 0.95");
}
#[test]
fn pali() {
    let m = BigramModel::from_bytes(include_bytes!("../model/zawgyi-bigram.bin")).unwrap();
    for w in ["ပါရာဇိကပါဠိ", "လူတို", "အညီ", "၏လွ"] {
        let c: Vec<char> = w.chars().collect();
        for p in c.windows(2) { let s: String = p.iter().collect(); print!("{s}:{:.2} ", m.log_odds(&s).unwrap_or(0.0)); }
        println!();
    }
}
#[test]
fn dbg() {
    let d = ZawgyiDetector::load_default().unwrap();
    for w in ["ပါရာဇိကပါဠိ", "၏လွ"] { d.probability(w); }
}
