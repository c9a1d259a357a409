//! DNS rebinding guard: a page on `evil.example` whose name is re-pointed at 127.0.0.1
//! could otherwise read the preview (drafts included). Browsers send the name they
//! looked up in `Host`, so only names that cannot be re-pointed are answered: `localhost`,
//! loopback addresses, the bound address, and (when bound to every interface) any IP
//! address written as such. A port, when given, must be the server's.

use std::net::{IpAddr, SocketAddr};

/// The `Host` values this server answers.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    bound: SocketAddr,
}

impl AllowedHosts {
    /// For a server listening on `bound`.
    pub fn new(bound: SocketAddr) -> AllowedHosts {
        AllowedHosts { bound }
    }

    /// `Ok` when a request with this `Host` header may be answered, else the status to
    /// answer with: 400 without a usable `Host`, 421 for a name this server is not.
    pub fn check(&self, host: Option<&str>) -> Result<(), u16> {
        let host = host
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .ok_or(400u16)?;
        let (name, port) = split_host(host).ok_or(400u16)?;
        if let Some(port) = port {
            if port != self.bound.port() {
                return Err(421);
            }
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if name == "localhost" {
            return Ok(());
        }
        let Ok(ip) = name.parse::<IpAddr>() else {
            return Err(421);
        };
        let bound = self.bound.ip();
        if ip.is_loopback() || ip == bound || bound.is_unspecified() {
            Ok(())
        } else {
            Err(421)
        }
    }
}

/// `name[:port]` or `[v6][:port]` → (name without brackets, port).
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, rest) = match host.strip_prefix('[') {
        Some(v6) => {
            let (name, rest) = v6.split_once(']')?;
            (name, rest)
        }
        None => match host.find(':') {
            Some(i) => (&host[..i], &host[i..]),
            None => (host, ""),
        },
    };
    let port = match rest {
        "" => None,
        _ => Some(rest.strip_prefix(':')?.parse::<u16>().ok()?),
    };
    Some((name, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_with_the_servers_port_pass() {
        let local = AllowedHosts::new("127.0.0.1:1111".parse().unwrap());
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST.:1111",
            "[::1]:1111",
            "127.0.0.1",
            "localhost",
        ] {
            assert_eq!(local.check(Some(ok)), Ok(()), "{ok}");
        }
        for (bad, status) in [
            ("evil.example:1111", 421),
            ("evil.example", 421),
            ("localhost.evil.example:1111", 421),
            ("127.0.0.1:2222", 421),
            ("192.168.1.5:1111", 421),
            ("127.0.0.1:x", 400),
            ("[::1", 400),
            ("", 400),
        ] {
            assert_eq!(local.check(Some(bad)), Err(status), "{bad}");
        }
        assert_eq!(local.check(None), Err(400));
    }

    #[test]
    fn every_interface_allows_addresses_but_not_names() {
        let all = AllowedHosts::new("0.0.0.0:8000".parse().unwrap());
        assert_eq!(all.check(Some("192.168.1.5:8000")), Ok(()));
        assert_eq!(all.check(Some("[fe80::1]:8000")), Ok(()));
        assert_eq!(all.check(Some("intranet.kommun.se:8000")), Err(421));
        let one = AllowedHosts::new("10.0.0.2:8000".parse().unwrap());
        assert_eq!(one.check(Some("10.0.0.2:8000")), Ok(()));
        assert_eq!(one.check(Some("10.0.0.3:8000")), Err(421));
    }
}
