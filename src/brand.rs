//! A site's brand colours: parsing, WCAG 2.1 contrast checks, and the CSS custom
//! properties the theme reads (`static/brand.css`).
//!
//! The checks use the colours as `theme/static/style.css` uses them: the primary colour
//! is the header background (white text on it), the link colour on the page and on the
//! grey panels, the focus ring and the current-year button; the accent colour is the
//! header's rule and the background of badges and the header's search button. Dark mode
//! keeps the header and badges and uses a lighter tint of the primary colour for links.

use std::fmt;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rgb` or `#rrggbb` (case-insensitive).
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, n: usize| u8::from_str_radix(&hex[i..i + n], 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        }
    }

    /// Relative luminance as defined by WCAG 2.1.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let s = f64::from(c) / 255.0;
            if s <= 0.04045 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// This colour moved a fraction `t` (0–1) of the way towards `other`.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// WCAG 2.1 contrast ratio of two colours (1–21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A ratio as WCAG tools show it: two decimals, rounded down (4.499 is not 4.5).
pub fn ratio_text(ratio: f64) -> String {
    format!("{:.2}:1", (ratio * 100.0).floor() / 100.0)
}

const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
const BLACK: Rgb = Rgb(0, 0, 0);
/// Text colours of `style.css` (`--fg` light, `--accent-fg` dark).
const INK: Rgb = Rgb(0x1b, 0x1b, 0x1b);
const DARK_INK: Rgb = Rgb(0x0b, 0x1a, 0x2a);
/// Page and panel backgrounds of `style.css` (`--bg`, `--soft`), light and dark.
const LIGHT_BG: Rgb = Rgb(0xff, 0xff, 0xff);
const LIGHT_SOFT: Rgb = Rgb(0xf3, 0xf4, 0xf6);
const DARK_BG: Rgb = Rgb(0x12, 0x14, 0x17);
const DARK_SOFT: Rgb = Rgb(0x1d, 0x21, 0x26);

/// WCAG 2.1 AA: 4.5:1 for normal text (1.4.3), 3:1 for focus indicators (1.4.11).
pub const TEXT_RATIO: f64 = 4.5;
/// Non-text contrast (1.4.11).
pub const UI_RATIO: f64 = 3.0;

/// What the dark-mode tint of the primary colour aims for (AAA, like the theme's).
const DARK_LINK_RATIO: f64 = 7.0;

/// Which brand key a colour pair depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// `brand.primary`.
    Primary,
    /// `brand.accent`.
    Accent,
}

impl Key {
    /// The key's name in `styrdok.yaml`.
    pub fn name(self) -> &'static str {
        match self {
            Key::Primary => "primary",
            Key::Accent => "accent",
        }
    }
}

/// A foreground/background pair the theme shows, with the ratio it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The brand key it depends on.
    pub key: Key,
    /// "light" or "dark".
    pub mode: &'static str,
    /// What the reader sees ("white header text on the header").
    pub what: &'static str,
    /// Foreground.
    pub fg: Rgb,
    /// Background.
    pub bg: Rgb,
    /// The ratio WCAG 2.1 AA asks for.
    pub needed: f64,
}

impl Pair {
    /// The pair's contrast ratio.
    pub fn ratio(&self) -> f64 {
        contrast(self.fg, self.bg)
    }

    /// Whether it meets its ratio.
    pub fn passes(&self) -> bool {
        self.ratio() >= self.needed
    }
}

/// The colours the theme uses for one mode, derived from the brand.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    mode: &'static str,
    head_bg: Rgb,
    head_muted: Rgb,
    link: Rgb,
    current_fg: Rgb,
    badge_bg: Rgb,
    badge_fg: Rgb,
}

/// The brand colours of a site, checked and turned into CSS.
#[derive(Debug, Clone, PartialEq)]
pub struct Brand {
    primary: Option<Rgb>,
    accent: Option<Rgb>,
}

impl Brand {
    /// A brand from its (already parsed) colours; `None` keeps the theme's own.
    pub fn new(primary: Option<Rgb>, accent: Option<Rgb>) -> Brand {
        Brand { primary, accent }
    }

    /// Whether any colour is set (else no `brand.css` is written).
    pub fn is_set(&self) -> bool {
        self.primary.is_some() || self.accent.is_some()
    }

    fn palette(&self, dark: bool) -> Palette {
        let primary = self.primary.unwrap_or(Rgb(0x0b, 0x3d, 0x6b));
        let (bg, soft) = if dark {
            (DARK_BG, DARK_SOFT)
        } else {
            (LIGHT_BG, LIGHT_SOFT)
        };
        // Dark mode: a tint that reads as easily as the theme's own dark links (7:1).
        let link = if dark {
            lighten_until(primary, &[bg, soft], DARK_LINK_RATIO)
        } else {
            primary
        };
        let accent = self.accent.unwrap_or(Rgb(0xff, 0xbf, 0x47));
        Palette {
            mode: if dark { "dark" } else { "light" },
            head_bg: primary,
            // A softer white for secondary text (search label) where that still reads
            // 4.5:1, else white: it passes whenever the white header text does.
            head_muted: Some(primary.mix(WHITE, 0.85))
                .filter(|&m| contrast(m, primary) >= TEXT_RATIO)
                .unwrap_or(WHITE),
            link,
            current_fg: if dark { DARK_INK } else { WHITE },
            badge_bg: accent,
            badge_fg: text_on(accent),
        }
    }

    /// Every pair the theme shows in light and dark mode.
    pub fn pairs(&self) -> Vec<Pair> {
        let mut out = Vec::new();
        for dark in [false, true] {
            let p = self.palette(dark);
            let (bg, soft) = if dark {
                (DARK_BG, DARK_SOFT)
            } else {
                (LIGHT_BG, LIGHT_SOFT)
            };
            let mk = |key, what, fg, bg, needed| Pair {
                key,
                mode: p.mode,
                what,
                fg,
                bg,
                needed,
            };
            if self.primary.is_some() {
                out.extend([
                    mk(
                        Key::Primary,
                        "white header text on it",
                        WHITE,
                        p.head_bg,
                        TEXT_RATIO,
                    ),
                    mk(
                        Key::Primary,
                        "links in it on the page background",
                        p.link,
                        bg,
                        TEXT_RATIO,
                    ),
                    mk(
                        Key::Primary,
                        "links in it on grey panels (footer, metadata)",
                        p.link,
                        soft,
                        TEXT_RATIO,
                    ),
                    mk(
                        Key::Primary,
                        "its focus ring on the page background",
                        p.link,
                        bg,
                        UI_RATIO,
                    ),
                    mk(
                        Key::Primary,
                        "the current year's text on it (year buttons)",
                        p.current_fg,
                        p.link,
                        TEXT_RATIO,
                    ),
                ]);
            }
            if self.accent.is_some() {
                out.push(mk(
                    Key::Accent,
                    "badge and button text on it",
                    p.badge_fg,
                    p.badge_bg,
                    TEXT_RATIO,
                ));
            }
        }
        out
    }

    /// The pairs below their ratio.
    pub fn failures(&self) -> Vec<Pair> {
        self.pairs().into_iter().filter(|p| !p.passes()).collect()
    }

    /// A nearby colour for `key` that passes every check, to suggest in the error.
    pub fn suggestion(&self, key: Key) -> Option<Rgb> {
        let start = match key {
            Key::Primary => self.primary?,
            Key::Accent => self.accent?,
        };
        let passes = |c: Rgb| {
            let b = match key {
                Key::Primary => Brand::new(Some(c), None),
                Key::Accent => Brand::new(None, Some(c)),
            };
            b.failures().is_empty()
        };
        // Darker shades for the primary (white text on it); either way for the accent.
        let targets: &[Rgb] = match key {
            Key::Primary => &[BLACK],
            Key::Accent => &[BLACK, WHITE],
        };
        (1..=20)
            .flat_map(|step| {
                targets
                    .iter()
                    .map(move |&t| start.mix(t, f64::from(step) * 0.05))
            })
            .find(|&c| passes(c))
    }

    /// `static/brand.css`: the theme's custom properties set from the brand.
    pub fn css(&self) -> String {
        let mut light = Vec::new();
        let mut dark = Vec::new();
        if self.primary.is_some() {
            let (l, d) = (self.palette(false), self.palette(true));
            light.push(format!(
                "--head-bg: {}; --head-fg: #ffffff; --head-muted: {}; --head-ring: #ffffff;",
                l.head_bg, l.head_muted
            ));
            light.push(format!(
                "--link: {0}; --ring: {0}; --accent: {0}; --accent-fg: {1};",
                l.link, l.current_fg
            ));
            dark.push(format!(
                "--head-bg: {}; --head-muted: {};",
                d.head_bg, d.head_muted
            ));
            dark.push(format!(
                "--link: {0}; --ring: {0}; --accent: {0}; --accent-fg: {1};",
                d.link, d.current_fg
            ));
        }
        if self.accent.is_some() {
            let l = self.palette(false);
            light.push(format!(
                "--brand-accent: {0}; --brand-accent-fg: {1}; --badge-bg: {0}; --badge-fg: {1}; --badge-border: {0};",
                l.badge_bg, l.badge_fg
            ));
        }
        let mut css = String::from("/* Generated by styrdok from `brand:` in styrdok.yaml. */\n");
        css.push_str(&format!(":root {{\n  {}\n}}\n", light.join("\n  ")));
        if !dark.is_empty() {
            css.push_str(&format!(
                "@media (prefers-color-scheme: dark) {{\n  :root {{\n    {}\n  }}\n}}\n",
                dark.join("\n    ")
            ));
        }
        css
    }
}

/// The theme's dark ink or white, whichever reads better on `bg`.
fn text_on(bg: Rgb) -> Rgb {
    if contrast(INK, bg) >= contrast(WHITE, bg) {
        INK
    } else {
        WHITE
    }
}

/// `c` made lighter in small steps of HSL lightness (keeping its hue and saturation,
/// so the tint stays the brand's colour) until it reaches `ratio` on every background.
fn lighten_until(c: Rgb, backgrounds: &[Rgb], ratio: f64) -> Rgb {
    let (h, s, l) = to_hsl(c);
    (0..=100)
        .map(|step| from_hsl(h, s, l + (1.0 - l) * f64::from(step) / 100.0))
        .find(|&x| backgrounds.iter().all(|&bg| contrast(x, bg) >= ratio))
        .unwrap_or(WHITE)
}

/// Hue (0–360), saturation and lightness (0–1).
fn to_hsl(c: Rgb) -> (f64, f64, f64) {
    let [r, g, b] = [c.0, c.1, c.2].map(|v| f64::from(v) / 255.0);
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let l = (max + min) / 2.0;
    let d = max - min;
    if d == 0.0 {
        return (0.0, 0.0, l);
    }
    let s = d / (1.0 - (2.0 * l - 1.0).abs());
    let h = if max == r {
        60.0 * (((g - b) / d).rem_euclid(6.0))
    } else if max == g {
        60.0 * ((b - r) / d + 2.0)
    } else {
        60.0 * ((r - g) / d + 4.0)
    };
    (h, s, l)
}

fn from_hsl(h: f64, s: f64, l: f64) -> Rgb {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - ((h / 60.0).rem_euclid(2.0) - 1.0).abs());
    let m = l - c / 2.0;
    let (r, g, b) = match (h / 60.0) as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    Rgb(byte(r), byte(g), byte(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luminance_and_contrast_follow_wcag() {
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        assert_eq!(Rgb::parse("#00508A"), Some(Rgb(0, 0x50, 0x8a)));
        assert_eq!(Rgb::parse("00508a"), None);
        assert_eq!(Rgb::parse("#00508g"), None);
        assert_eq!(Rgb::parse("#0050"), None);
        assert!((contrast(BLACK, WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        // Published values: #767676 on white is the lightest grey that passes (4.54:1).
        assert_eq!(ratio_text(contrast(Rgb(0x76, 0x76, 0x76), WHITE)), "4.54:1");
        assert_eq!(ratio_text(contrast(Rgb(0x77, 0x77, 0x77), WHITE)), "4.47:1");
        // Rounded down: 4.4999 must not read as 4.50.
        assert_eq!(ratio_text(4.4999), "4.49:1");
    }

    #[test]
    fn hsl_round_trips() {
        for c in [
            Rgb(0, 0x50, 0x8a),
            Rgb(0xff, 0xcd, 0),
            Rgb(0x12, 0x14, 0x17),
            WHITE,
            BLACK,
        ] {
            let (h, s, l) = to_hsl(c);
            assert_eq!(from_hsl(h, s, l), c);
        }
    }

    #[test]
    fn the_issue_example_passes_in_both_modes() {
        let b = Brand::new(Rgb::parse("#00508a"), Rgb::parse("#ffcd00"));
        assert!(b.failures().is_empty(), "{:?}", b.failures());
        let pairs = b.pairs();
        assert!(pairs.iter().any(|p| p.mode == "dark"));
        // Dark-mode links are a lighter tint that still reaches 4.5:1.
        let dark_link = pairs
            .iter()
            .find(|p| p.mode == "dark" && p.what.starts_with("links in it on the page"))
            .unwrap();
        assert_ne!(dark_link.fg, Rgb(0, 0x50, 0x8a));
        assert!(dark_link.ratio() >= 4.5);
        let css = b.css();
        assert!(css.contains("--head-bg: #00508a"), "{css}");
        assert!(
            css.contains("--badge-bg: #ffcd00; --badge-fg: #1b1b1b"),
            "{css}"
        );
        assert!(css.contains("prefers-color-scheme: dark"), "{css}");
    }

    #[test]
    fn light_primary_and_mid_grey_accent_fail_with_suggestions() {
        let b = Brand::new(Rgb::parse("#4d9be6"), Rgb::parse("#808080"));
        let failed = b.failures();
        assert!(failed.iter().any(|p| p.key == Key::Primary
            && p.mode == "light"
            && p.what.starts_with("white header text")));
        let accent = failed.iter().find(|p| p.key == Key::Accent).unwrap();
        assert!(
            accent.ratio() < 4.5 && accent.ratio() > 3.9,
            "{}",
            accent.ratio()
        );
        let fix = b.suggestion(Key::Primary).unwrap();
        assert!(Brand::new(Some(fix), None).failures().is_empty());
        let fix = b.suggestion(Key::Accent).unwrap();
        assert!(Brand::new(None, Some(fix)).failures().is_empty());
    }

    #[test]
    fn unset_brand_writes_nothing_to_check() {
        let b = Brand::new(None, None);
        assert!(!b.is_set());
        assert!(b.pairs().is_empty());
    }
}
