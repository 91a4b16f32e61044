use padi_zawgyi::zawgyi_to_unicode;
#[test]
fn tsv() {
    let t = std::fs::read_to_string("../../../shared/data/zawgyi/zawgyi_unicode_test.tsv").unwrap();
    let mut ok = 0; let mut n = 0;
    for line in t.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        n += 1;
        let got = zawgyi_to_unicode(f[1]);
        if got == f[2] { ok += 1 } else { println!("{}\t{}\t{}\t{:?}\t{:?}", f[0], got, f[2], got.chars().map(|c| format!("{:04X}", c as u32)).collect::<Vec<_>>(), f[2].chars().map(|c| format!("{:04X}", c as u32)).collect::<Vec<_>>()); }
    }
    println!("{ok}/{n}");
    let z = std::fs::read_to_string("../../../shared/data/zawgyi/udhr_mya_zawgyi_out.txt").unwrap();
    let u = std::fs::read_to_string("../../../shared/data/zawgyi/udhr_mya_unicode_src.txt").unwrap();
    let (mut ok, mut n) = (0, 0);
    for (a, b) in z.lines().zip(u.lines()) {
        if a.starts_with('#') || a.trim().is_empty() { continue; }
        n += 1;
        let got = zawgyi_to_unicode(a);
        if got == b.replace("\u{103A}\u{1037}", "\u{1037}\u{103A}") { ok += 1 } else { let g: Vec<char> = got.chars().collect(); let e: Vec<char> = b.chars().collect(); let i = g.iter().zip(&e).position(|(x,y)| x!=y).unwrap_or(g.len().min(e.len())); let s = i.saturating_sub(4); let zz: Vec<char> = a.chars().collect(); println!("{:?}\n{:?}", g[s..(i+4).min(g.len())].iter().map(|c| format!("{:04X}", *c as u32)).collect::<Vec<_>>(), e[s..(i+4).min(e.len())].iter().map(|c| format!("{:04X}", *c as u32)).collect::<Vec<_>>()); let _ = zz; }
    }
    println!("udhr {ok}/{n}");
}
#[test]
fn roundtrip() {
    use padi_zawgyi::unicode_to_zawgyi;
    for f in ["lid/train/mya_Mymr.txt", "lid/dev/mya_Mymr.txt", "zawgyi/udhr_mya_unicode_src.txt"] {
        let t = std::fs::read_to_string(format!("../../../shared/data/{f}")).unwrap();
        let (mut ok, mut n) = (0, 0);
        for line in t.lines() {
            n += 1;
            let norm = line.replace("\u{103A}\u{1037}", "\u{1037}\u{103A}");
            let z = unicode_to_zawgyi(line);
            let back = zawgyi_to_unicode(&z);
            if back == norm { ok += 1 } else if n - ok < 6 {
                let g: Vec<char> = back.chars().collect(); let e: Vec<char> = norm.chars().collect(); let i = g.iter().zip(&e).position(|(x,y)| x!=y).unwrap_or(g.len().min(e.len())); let s = i.saturating_sub(4);
                println!("{:?}\n{:?}", g[s..(i+4).min(g.len())].iter().map(|c| format!("{:04X}", *c as u32)).collect::<Vec<_>>(), e[s..(i+4).min(e.len())].iter().map(|c| format!("{:04X}", *c as u32)).collect::<Vec<_>>());
            }
        }
        println!("{f} roundtrip {ok}/{n}");
    }
    let z = std::fs::read_to_string("../../../shared/data/zawgyi/udhr_mya_zawgyi_out.txt").unwrap();
    let u = std::fs::read_to_string("../../../shared/data/zawgyi/udhr_mya_unicode_src.txt").unwrap();
    let (mut ok, mut n) = (0, 0);
    for (a, b) in z.lines().zip(u.lines()) {
        n += 1;
        let got = unicode_to_zawgyi(b);
        if got == a { ok += 1 } else if n - ok < 6 {
                let g: Vec<char> = got.chars().collect(); let e: Vec<char> = a.chars().collect(); let i = g.iter().zip(&e).position(|(x,y)| x!=y).unwrap_or(g.len().min(e.len())); let s = i.saturating_sub(4);
                println!("{:?}\n{:?}", g[s..(i+4).min(g.len())].iter().map(|c| format!("{:04X}", *c as u32)).collect::<Vec<_>>(), e[s..(i+4).min(e.len())].iter().map(|c| format!("{:04X}", *c as u32)).collect::<Vec<_>>());
        }
    }
    println!("u2z udhr {ok}/{n}");
}
