use std::io::BufRead;
fn main() {
    let r = padi_pii::Redactor::default();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let out = r.redact(&line);
        if !out.counts.is_empty() {
            println!("{line}\n  -> {}", out.text);
        }
    }
}
