//! Colours for terminals that show only the 16 ANSI ones. A config may name
//! `#rrggbb` or an xterm index; sent as is, a 16-colour terminal shows
//! something arbitrary or nothing, so they become the nearest ANSI colour.

use ratatui::style::Color;

/// The ANSI colours with the RGB values xterm gives them by default.
const ANSI: [(Color, [u8; 3]); 16] = [
    (Color::Black, [0, 0, 0]),
    (Color::Red, [205, 0, 0]),
    (Color::Green, [0, 205, 0]),
    (Color::Yellow, [205, 205, 0]),
    (Color::Blue, [0, 0, 238]),
    (Color::Magenta, [205, 0, 205]),
    (Color::Cyan, [0, 205, 205]),
    (Color::Gray, [229, 229, 229]),
    (Color::DarkGray, [127, 127, 127]),
    (Color::LightRed, [255, 0, 0]),
    (Color::LightGreen, [0, 255, 0]),
    (Color::LightYellow, [255, 255, 0]),
    (Color::LightBlue, [92, 92, 255]),
    (Color::LightMagenta, [255, 0, 255]),
    (Color::LightCyan, [0, 255, 255]),
    (Color::White, [255, 255, 255]),
];

pub(crate) fn nearest(color: Color) -> Color {
    let rgb = match color {
        Color::Indexed(i) if i < 16 => return ANSI[usize::from(i)].0,
        Color::Indexed(i) => xterm_rgb(i),
        Color::Rgb(r, g, b) => [r, g, b],
        named => return named,
    };
    let distance = |other: &[u8; 3]| -> u32 {
        rgb.iter()
            .zip(other)
            .map(|(&a, &b)| u32::from(a.abs_diff(b)).pow(2))
            .sum()
    };
    ANSI.iter()
        .min_by_key(|(_, other)| distance(other))
        .map_or(color, |(ansi, _)| *ansi)
}

/// Indexes 16-231 are a 6×6×6 cube, 232-255 a ramp of greys.
pub(super) fn xterm_rgb(index: u8) -> [u8; 3] {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match index {
        16..=231 => {
            let i = index - 16;
            [i / 36, (i / 6) % 6, i % 6].map(|n| LEVELS[usize::from(n)])
        }
        _ => [8 + 10 * index.saturating_sub(232); 3],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_indexes_and_rgb_to_the_nearest_ansi_colour() {
        assert_eq!(nearest(Color::Indexed(1)), Color::Red);
        assert_eq!(nearest(Color::Indexed(196)), Color::LightRed);
        assert_eq!(nearest(Color::Indexed(21)), Color::Blue);
        assert_eq!(nearest(Color::Indexed(231)), Color::White);
        assert_eq!(nearest(Color::Rgb(0, 200, 190)), Color::Cyan);
        assert_eq!(nearest(Color::Magenta), Color::Magenta);
        assert_eq!(nearest(Color::Reset), Color::Reset);
    }
}
