#!/usr/bin/env python3
"""Turns a terminal capture with colours (`tmux capture-pane -e -p`) into an
SVG, so the README can show the TUI as it really draws.

    python3 scripts/ansi2svg.py < capture.ansi > docs/screenshot.svg

Handles what hark draws with: SGR bold, dim, italic, underline, reverse,
the 16 ANSI colours, xterm's 256 and 24-bit colour. Each run of cells in one
style becomes a <tspan> placed at its column, so proportional drift in a
font's box-drawing glyphs cannot push later text out of its cell.
"""

import re
import sys
from html import escape

FONT_SIZE = 14
CELL_W = 8.4
CELL_H = 17
BACKGROUND = "#1d1f21"
FOREGROUND = "#d0d0d0"
ANSI = [
    "#1d1f21", "#cc6666", "#8abe5e", "#e0c060", "#6a9fd8", "#b294bb", "#5fb3b3", "#c5c8c6",
    "#666666", "#ff7b7b", "#b5e890", "#f0d080", "#93c0ff", "#d7a8e0", "#8ae0e0", "#ffffff",
]
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def xterm(n):
    if n < 16:
        return ANSI[n]
    if n < 232:
        n -= 16
        levels = [0, 95, 135, 175, 215, 255]
        r, g, b = levels[n // 36], levels[(n // 6) % 6], levels[n % 6]
    else:
        r = g = b = 8 + 10 * (n - 232)
    return f"#{r:02x}{g:02x}{b:02x}"


def blank():
    return {"fg": None, "bg": None, "bold": False, "dim": False,
            "italic": False, "underline": False, "reverse": False}


def extended(codes):
    """The colour after a 38 or 48, consuming its arguments."""
    kind = codes.pop(0) if codes else None
    if kind == 5 and codes:
        return xterm(codes.pop(0))
    if kind == 2 and len(codes) >= 3:
        r, g, b = codes.pop(0), codes.pop(0), codes.pop(0)
        return f"#{r:02x}{g:02x}{b:02x}"
    return None


FLAGS = {1: ("bold", True), 2: ("dim", True), 3: ("italic", True), 4: ("underline", True),
         7: ("reverse", True), 22: ("bold", False), 23: ("italic", False),
         24: ("underline", False), 27: ("reverse", False)}


def apply(state, params):
    codes = [int(p) if p else 0 for p in params.split(";")]
    while codes:
        code = codes.pop(0)
        if code == 0:
            state = blank()
        elif code in FLAGS:
            name, on = FLAGS[code]
            state[name] = on
            if code == 22:
                state["dim"] = False
        elif 30 <= code <= 37 or 90 <= code <= 97:
            state["fg"] = ANSI[code - 30 if code < 90 else code - 82]
        elif 40 <= code <= 47 or 100 <= code <= 107:
            state["bg"] = ANSI[code - 40 if code < 100 else code - 92]
        elif code in (38, 48):
            state["fg" if code == 38 else "bg"] = extended(codes)
        elif code == 39:
            state["fg"] = None
        elif code == 49:
            state["bg"] = None
    return state


def cells(line, state):
    """(char, style) per column, and the style the line ends in."""
    out = []
    pos = 0
    for match in SGR.finditer(line):
        out += [(c, dict(state)) for c in line[pos:match.start()]]
        state = apply(dict(state), match.group(1))
        pos = match.end()
    out += [(c, dict(state)) for c in line[pos:]]
    return out, state


def runs(row):
    """Consecutive cells of one style, as (column, text, style)."""
    result = []
    for col, (char, style) in enumerate(row):
        if result and result[-1][2] == style:
            result[-1][1].append(char)
        else:
            result.append((col, [char], style))
    return [(col, "".join(chars), style) for col, chars, style in result]


def colours(style):
    fg, bg = style["fg"] or FOREGROUND, style["bg"]
    if style["reverse"]:
        fg, bg = bg or BACKGROUND, fg
    return fg, bg


def svg(lines):
    width = max((len(r) for r in lines), default=0)
    w, h = width * CELL_W, len(lines) * CELL_H
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h + 4:.0f}" '
           f'viewBox="0 0 {w:.0f} {h + 4:.0f}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" '
           f'font-size="{FONT_SIZE}">',
           f'<rect width="100%" height="100%" fill="{BACKGROUND}"/>']
    for y, row in enumerate(lines):
        for col, text, style in runs(row):
            _, bg = colours(style)
            if bg:
                out.append(f'<rect x="{col * CELL_W:.1f}" y="{y * CELL_H + 2}" '
                           f'width="{len(text) * CELL_W:.1f}" height="{CELL_H}" fill="{bg}"/>')
        spans = []
        for col, text, style in runs(row):
            if not text.strip():
                continue
            fg, _ = colours(style)
            attrs = [f'x="{col * CELL_W:.1f}"', f'fill="{fg}"']
            if style["bold"]:
                attrs.append('font-weight="bold"')
            if style["dim"]:
                attrs.append('fill-opacity="0.6"')
            if style["italic"]:
                attrs.append('font-style="italic"')
            if style["underline"]:
                attrs.append('text-decoration="underline"')
            spans.append(f'<tspan {" ".join(attrs)}>{escape(text)}</tspan>')
        if spans:
            baseline = y * CELL_H + 2 + FONT_SIZE
            out.append(f'<text y="{baseline}" xml:space="preserve">{"".join(spans)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    state = blank()
    lines = []
    for line in sys.stdin.read().rstrip("\n").split("\n"):
        row, state = cells(line, state)
        lines.append(row)
    sys.stdout.write(svg(lines))


if __name__ == "__main__":
    main()
