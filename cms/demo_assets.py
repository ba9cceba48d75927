"""Generated pictures (Pillow) and documents (reportlab, PT Sans for Kyrgyz letters) of the
demo school site. Deterministic for a given random generator."""

import io
import math

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

PALETTE = ["#0b5a8a", "#1e6b34", "#b3261e", "#8a5a00", "#5b3f8c", "#0f7c7c", "#c2570c", "#3d5a80"]


def _font(size, bold=False):
    name = "PT_Sans-Web-Bold.ttf" if bold else "PT_Sans-Web-Regular.ttf"
    return ImageFont.truetype(str(settings.FONT_DIR / name), size)


def _jpeg(img, quality=82):
    buffer = io.BytesIO()
    img.convert("RGB").save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def _png(img):
    buffer = io.BytesIO()
    img.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _gradient(w, h, top, bottom):
    img = Image.new("RGB", (w, h), top)
    draw = ImageDraw.Draw(img)
    t, b = Image.new("RGB", (1, 1), top).getpixel((0, 0)), Image.new("RGB", (1, 1), bottom).getpixel((0, 0))
    for y in range(h):
        k = y / max(h - 1, 1)
        draw.line([(0, y), (w, y)], fill=tuple(int(t[i] + (b[i] - t[i]) * k) for i in range(3)))
    return img


def school_photo(rng, w=1600, h=700):
    """The school building under the Ala-Too mountains."""
    img = _gradient(w, h, "#7fb3e0", "#dcebf7")
    d = ImageDraw.Draw(img)
    # mountains with snow caps
    for _i in range(7):
        x = rng.randint(-200, w)
        peak = rng.randint(int(h * 0.15), int(h * 0.35))
        width = rng.randint(350, 600)
        d.polygon([(x - width, h * 0.62), (x, peak), (x + width, h * 0.62)], fill=rng.choice(["#6c7f99", "#7d8fa8", "#5d6f88"]))
        d.polygon([(x - width * 0.18, peak + (h * 0.62 - peak) * 0.18), (x, peak), (x + width * 0.18, peak + (h * 0.62 - peak) * 0.18)], fill="#f4f7fb")
    d.rectangle([0, h * 0.62, w, h], fill="#7aa95c")
    # building
    bx0, bx1, by0, by1 = w * 0.22, w * 0.78, h * 0.38, h * 0.86
    d.rectangle([bx0, by0, bx1, by1], fill="#f1e3c8", outline="#b89b6d", width=4)
    d.rectangle([bx0 - 20, by0 - 26, bx1 + 20, by0], fill="#9c3b2e")
    for row in range(3):
        for col in range(12):
            x = bx0 + 30 + col * (bx1 - bx0 - 60) / 12
            y = by0 + 25 + row * (by1 - by0 - 40) / 3.3
            d.rectangle([x, y, x + 38, y + 52], fill="#9fc6e6", outline="#ffffff", width=3)
    # door and porch
    cx = (bx0 + bx1) / 2
    d.rectangle([cx - 60, by1 - 120, cx + 60, by1], fill="#6b4b2a")
    d.rectangle([cx - 110, by1 - 10, cx + 110, by1 + 12], fill="#d0d0d0")
    # flag (red with the sun)
    d.line([(bx1 - 60, by0 - 26), (bx1 - 60, by0 - 170)], fill="#555555", width=5)
    d.rectangle([bx1 - 58, by0 - 170, bx1 + 40, by0 - 110], fill="#e8112d")
    d.ellipse([bx1 - 24, by0 - 155, bx1 + 6, by0 - 125], fill="#ffef00")
    # trees
    for x in list(range(60, int(bx0) - 60, 110)) + list(range(int(bx1) + 80, w - 40, 110)):
        y = h * 0.8 + rng.randint(-10, 20)
        d.rectangle([x - 6, y, x + 6, y + 60], fill="#6b4b2a")
        d.ellipse([x - 45, y - 90, x + 45, y + 10], fill=rng.choice(["#2f7d32", "#3b8c3f", "#276b2a"]))
    return _jpeg(img)


def scene(rng, motif, w=1200, h=675):
    """An illustration for a news item or event: a calm gradient and a simple motif."""
    base = rng.choice(PALETTE)
    img = _gradient(w, h, base, "#f6f7f9")
    d = ImageDraw.Draw(img, "RGBA")
    for _ in range(14):
        r = rng.randint(30, 160)
        x, y = rng.randint(0, w), rng.randint(0, h)
        d.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255, rng.randint(18, 50)))
    cx, cy = w // 2, int(h * 0.58)
    if motif == "book":
        d.polygon([(cx - 260, cy - 120), (cx, cy - 80), (cx, cy + 140), (cx - 260, cy + 100)], fill="#ffffff", outline="#333333")
        d.polygon([(cx + 260, cy - 120), (cx, cy - 80), (cx, cy + 140), (cx + 260, cy + 100)], fill="#fdfaf2", outline="#333333")
        for i in range(6):
            d.line([(cx - 230, cy - 70 + i * 28), (cx - 30, cy - 40 + i * 28)], fill="#9aa5b1", width=4)
            d.line([(cx + 30, cy - 40 + i * 28), (cx + 230, cy - 70 + i * 28)], fill="#9aa5b1", width=4)
    elif motif == "ball":
        d.ellipse([cx - 150, cy - 150, cx + 150, cy + 150], fill="#ffffff", outline="#222222", width=6)
        for a in range(0, 360, 72):
            x = cx + 95 * math.cos(math.radians(a))
            y = cy + 95 * math.sin(math.radians(a))
            d.regular_polygon((x, y, 38), 5, fill="#222222")
        d.regular_polygon((cx, cy, 45), 5, fill="#222222")
    elif motif == "trophy":
        d.rectangle([cx - 110, cy + 120, cx + 110, cy + 160], fill="#6b4b2a")
        d.rectangle([cx - 25, cy + 40, cx + 25, cy + 120], fill="#d4a017")
        d.pieslice([cx - 140, cy - 200, cx + 140, cy + 80], 0, 180, fill="#f2c230")
        d.rectangle([cx - 140, cy - 200, cx + 140, cy - 60], fill="#f2c230")
        d.arc([cx - 210, cy - 170, cx - 100, cy - 40], 90, 270, fill="#f2c230", width=16)
        d.arc([cx + 100, cy - 170, cx + 210, cy - 40], -90, 90, fill="#f2c230", width=16)
    elif motif == "flask":
        d.polygon([(cx - 40, cy - 200), (cx + 40, cy - 200), (cx + 40, cy - 80), (cx + 170, cy + 150), (cx - 170, cy + 150), (cx - 40, cy - 80)], fill="#ffffff", outline="#333333")
        d.polygon([(cx - 110, cy + 40), (cx + 110, cy + 40), (cx + 170, cy + 150), (cx - 170, cy + 150)], fill="#37b24d")
        for _ in range(6):
            x, y, r = cx + rng.randint(-70, 70), cy + rng.randint(-40, 120), rng.randint(8, 18)
            d.ellipse([x - r, y - r, x + r, y + r], outline="#ffffff", width=3)
    elif motif == "music":
        for i, x in enumerate((cx - 120, cx + 80)):
            d.ellipse([x - 55, cy + 60 - i * 30, x + 55, cy + 130 - i * 30], fill="#222222")
            d.rectangle([x + 40, cy - 160 - i * 30, x + 55, cy + 95 - i * 30], fill="#222222")
        d.polygon([(cx - 65, cy - 160), (cx + 135, cy - 190), (cx + 135, cy - 150), (cx - 65, cy - 120)], fill="#222222")
    elif motif == "tree":
        d.rectangle([cx - 25, cy, cx + 25, cy + 170], fill="#6b4b2a")
        for r, dy in ((170, -60), (130, -160), (90, -240)):
            d.ellipse([cx - r, cy + dy - r * 0.7, cx + r, cy + dy + r * 0.7], fill="#2f8c3a")
    elif motif == "computer":
        d.rectangle([cx - 220, cy - 170, cx + 220, cy + 90], fill="#222222")
        d.rectangle([cx - 200, cy - 150, cx + 200, cy + 70], fill="#6ab0de")
        d.rectangle([cx - 40, cy + 90, cx + 40, cy + 130], fill="#555555")
        d.rectangle([cx - 150, cy + 130, cx + 150, cy + 150], fill="#555555")
        for i in range(5):
            d.line([(cx - 170, cy - 120 + i * 35), (cx + rng.randint(0, 170), cy - 120 + i * 35)], fill="#ffffff", width=8)
    else:  # flag / celebration
        d.line([(cx - 150, cy + 170), (cx - 150, cy - 220)], fill="#555555", width=10)
        d.rectangle([cx - 145, cy - 220, cx + 190, cy - 20], fill="#e8112d")
        d.ellipse([cx - 25, cy - 170, cx + 75, cy - 70], fill="#ffef00")
    return _jpeg(img)


def artwork(rng, w=1000, h=750):
    """A child's drawing in crayon colours: a house, the mountains with a yurt, or flowers."""
    img = Image.new("RGB", (w, h), "#fffdf6")
    d = ImageDraw.Draw(img)
    subject = rng.choice(["house", "mountains", "flowers"])
    d.rectangle([0, 0, w, h * 0.6], fill=rng.choice(["#bfe3ff", "#d8f0ff", "#ffe8c2", "#e5dbff"]))
    sx, sy = rng.choice([w * 0.72, w * 0.08, w * 0.45]), rng.randint(30, 80)
    d.ellipse([sx, sy, sx + 140, sy + 140], fill="#ffd43b", outline="#f59f00", width=6)
    for a in range(0, 360, 30):
        cx, cy = sx + 70, sy + 70
        d.line([(cx + 90 * math.cos(math.radians(a)), cy + 90 * math.sin(math.radians(a))),
                (cx + 130 * math.cos(math.radians(a)), cy + 130 * math.sin(math.radians(a)))], fill="#f59f00", width=6)
    if subject == "mountains":
        for x0 in range(-100, w, 260):
            peak = rng.randint(int(h * 0.15), int(h * 0.3))
            d.polygon([(x0, h * 0.62), (x0 + 200, peak), (x0 + 400, h * 0.62)], fill=rng.choice(["#748ffc", "#5c7cfa", "#91a7ff"]), outline="#364fc7")
            d.polygon([(x0 + 150, peak + 40), (x0 + 200, peak), (x0 + 250, peak + 40)], fill="#ffffff")
    d.pieslice([-200, h * 0.45, w * 0.7, h * 1.3], 180, 360, fill=rng.choice(["#8ce99a", "#a9e34b"]))
    d.pieslice([w * 0.3, h * 0.5, w + 300, h * 1.35], 180, 360, fill="#69db7c")
    d.rectangle([0, h * 0.85, w, h], fill="#51cf66")
    if subject == "house":
        hx = rng.randint(80, int(w * 0.55))
        d.rectangle([hx, h * 0.5, hx + 220, h * 0.8], fill=rng.choice(["#ff8787", "#ffa94d", "#f783ac", "#74c0fc"]), outline="#333333", width=5)
        d.polygon([(hx - 25, h * 0.5), (hx + 110, h * 0.33), (hx + 245, h * 0.5)], fill=rng.choice(["#c92a2a", "#862e9c"]), outline="#333333")
        d.rectangle([hx + 85, h * 0.64, hx + 135, h * 0.8], fill="#845ef7")
        d.rectangle([hx + 20, h * 0.56, hx + 70, h * 0.62], fill="#ffffff", outline="#333333", width=3)
    elif subject == "mountains":
        yx = rng.randint(100, int(w * 0.6))
        d.pieslice([yx, h * 0.5, yx + 240, h * 0.9], 180, 360, fill="#f8f0e3", outline="#333333", width=5)
        d.rectangle([yx, h * 0.7, yx + 240, h * 0.82], fill="#f8f0e3", outline="#333333", width=5)
        d.rectangle([yx + 95, h * 0.72, yx + 145, h * 0.82], fill="#c92a2a")
        for i in range(5):
            d.line([(yx + 20 + i * 50, h * 0.76), (yx + 45 + i * 50, h * 0.72)], fill="#c92a2a", width=4)
    count = rng.randint(12, 18) if subject == "flowers" else rng.randint(4, 8)
    for _ in range(count):
        x = rng.randint(40, w - 40)
        y = rng.randint(int(h * 0.7 if subject == "flowers" else h * 0.8), h - 40)
        d.line([(x, y), (x, y + 50)], fill="#2b8a3e", width=5)
        colour = rng.choice(["#e64980", "#7950f2", "#fd7e14", "#fab005", "#15aabf"])
        r = rng.randint(14, 26) if subject == "flowers" else 18
        for a in range(0, 360, 60):
            px, py = x + r * math.cos(math.radians(a)), y + r * math.sin(math.radians(a))
            d.ellipse([px - r * 0.7, py - r * 0.7, px + r * 0.7, py + r * 0.7], fill=colour)
        d.ellipse([x - 9, y - 9, x + 9, y + 9], fill="#ffe066")
    for _ in range(rng.randint(1, 4)):
        x, y = rng.randint(60, int(w * 0.9)), rng.randint(40, 220)
        d.arc([x, y, x + 40, y + 30], 200, 340, fill="#333333", width=4)
        d.arc([x + 38, y, x + 78, y + 30], 200, 340, fill="#333333", width=4)
    return _jpeg(img)


def portrait(rng, initials, w=480, h=600):
    """A neutral portrait placeholder: a silhouette on a soft background, with initials."""
    img = _gradient(w, h, rng.choice(["#dbe7f0", "#e6ede3", "#efe6dc"]), "#ffffff")
    d = ImageDraw.Draw(img)
    colour = rng.choice(["#3d5a80", "#4a4e69", "#22577a", "#5e548e"])
    d.ellipse([w * 0.3, h * 0.16, w * 0.7, h * 0.5], fill=colour)
    d.pieslice([w * 0.1, h * 0.52, w * 0.9, h * 1.25], 180, 360, fill=colour)
    font = _font(56, bold=True)
    d.text((w / 2, h * 0.86), initials, fill="#ffffff", font=font, anchor="mm")
    return _jpeg(img)


def logo(letter="М", w=256):
    img = Image.new("RGBA", (w, w), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse([4, 4, w - 4, w - 4], fill="#ffffff", outline="#0b5a8a", width=10)
    d.polygon([(w * 0.2, w * 0.62), (w * 0.5, w * 0.7), (w * 0.8, w * 0.62), (w * 0.8, w * 0.74), (w * 0.5, w * 0.82), (w * 0.2, w * 0.74)], fill="#0b5a8a")
    d.text((w / 2, w * 0.4), letter, fill="#0b5a8a", font=_font(int(w * 0.42), bold=True), anchor="mm")
    return _png(img)


def map_image(labels, w=1000, h=640):
    """A plan of the neighbourhood: streets, the school, a bus stop. labels: dict of texts."""
    img = Image.new("RGB", (w, h), "#eef1e6")
    d = ImageDraw.Draw(img)
    for x in range(0, w, 180):
        d.rectangle([x + 20, 0, x + 44, h], fill="#ffffff")
    for y in range(0, h, 160):
        d.rectangle([0, y + 30, w, y + 58], fill="#ffffff")
    d.rectangle([0, 330, w, 372], fill="#ffe8a3")
    font = _font(22)
    bold = _font(26, bold=True)
    d.text((30, 340), labels["main_street"], fill="#5c4b00", font=font)
    d.rectangle([400, 190, 620, 310], fill="#f1e3c8", outline="#9c3b2e", width=5)
    d.text((510, 250), labels["school"], fill="#9c3b2e", font=bold, anchor="mm")
    d.rectangle([720, 390, 880, 470], fill="#d6e8f5", outline="#0b5a8a", width=3)
    d.text((800, 430), labels["stop"], fill="#0b5a8a", font=font, anchor="mm")
    d.ellipse([120, 420, 300, 560], fill="#b7d7a8")
    d.text((210, 490), labels["park"], fill="#2b5d1e", font=font, anchor="mm")
    d.polygon([(930, 40), (950, 90), (930, 80), (910, 90)], fill="#333333")
    d.text((930, 110), "N", fill="#333333", font=bold, anchor="mm")
    return _png(img)


# --- PDF documents ------------------------------------------------------------------------------

_FONTS_REGISTERED = False


def _register_fonts():
    global _FONTS_REGISTERED
    if _FONTS_REGISTERED:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("PTSans", str(settings.FONT_DIR / "PT_Sans-Web-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("PTSans-Bold", str(settings.FONT_DIR / "PT_Sans-Web-Bold.ttf")))
    _FONTS_REGISTERED = True


def pdf_document(title, school_name, paragraphs, *, subtitle="", signature=""):
    """A one- or two-page A4 PDF: the school's name, a title, paragraphs, a signature line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    _register_fonts()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setTitle(title)
    c.setAuthor(school_name)
    width, height = A4
    margin = 22 * mm

    def header():
        c.setFont("PTSans", 10)
        c.setFillColorRGB(0.3, 0.35, 0.4)
        c.drawCentredString(width / 2, height - 14 * mm, school_name)
        c.setStrokeColorRGB(0.04, 0.35, 0.54)
        c.line(margin, height - 17 * mm, width - margin, height - 17 * mm)
        c.setFillColorRGB(0, 0, 0)

    header()
    y = height - 34 * mm
    c.setFont("PTSans-Bold", 16)
    for line in _wrap(title, "PTSans-Bold", 16, width - 2 * margin):
        c.drawCentredString(width / 2, y, line)
        y -= 8 * mm
    if subtitle:
        c.setFont("PTSans", 11)
        c.drawCentredString(width / 2, y, subtitle)
        y -= 10 * mm
    c.setFont("PTSans", 11.5)
    for number, paragraph in enumerate(paragraphs, 1):
        for line in _wrap(f"{number}. {paragraph}", "PTSans", 11.5, width - 2 * margin):
            if y < 30 * mm:
                c.showPage()
                header()
                c.setFont("PTSans", 11.5)
                y = height - 30 * mm
            c.drawString(margin, y, line)
            y -= 6.2 * mm
        y -= 2.5 * mm
    if signature:
        y = max(y - 12 * mm, 26 * mm)
        c.setFont("PTSans", 11.5)
        c.drawString(margin, y, signature)
        c.line(width - margin - 55 * mm, y - 1, width - margin - 15 * mm, y - 1)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _wrap(text, font, size, max_width):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if stringWidth(candidate, font, size) <= max_width:
            current = candidate
        else:
            if current:
                lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines
