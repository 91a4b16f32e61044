fn main() {
    let r = padi_pii::Redactor::default();
    for arg in std::env::args().skip(1) {
        println!("{:?}", r.redact(&arg).text);
    }
}
