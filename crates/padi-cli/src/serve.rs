//! `padi serve`: answer HTTP requests for a registry directory until Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The registry directory (holding `index.json` and `<name>/<version>/`).
    pub registry: PathBuf,
    /// Address to listen on; `0.0.0.0:8080` serves other machines, port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
}

pub fn serve(args: &ServeArgs) -> anyhow::Result<()> {
    let server = padi_serve::bind(&args.registry, args.addr)?;
    println!(
        "serving {} at http://{}/ (Ctrl-C stops)",
        server.root().display(),
        server.local_addr()?
    );
    server.run()?;
    Ok(())
}
