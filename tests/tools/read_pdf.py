"""Reads a PDF back with pypdf (pinned in native-models/requirements.txt) and prints, as
JSON, its page count and sizes, its outline (title and page of each entry), the text of
each page, the images drawn on each page (size, mean grey level) and the fonts it embeds.

    python tests/tools/read_pdf.py FILE
"""
import json
import sys

from pypdf import PdfReader


def outline_entries(reader, items):
    out = []
    for item in items:
        if isinstance(item, list):
            out.extend(outline_entries(reader, item))
        else:
            out.append({"title": item.title, "page": reader.get_destination_page_number(item)})
    return out


def fonts_of(page):
    names = set()
    resources = page.get("/Resources") or {}
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        base = font.get("/BaseFont")
        descendants = font.get("/DescendantFonts")
        embedded = False
        for d in (descendants or [font]):
            desc = d.get_object().get("/FontDescriptor")
            if desc is not None:
                desc = desc.get_object()
                embedded = embedded or any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        names.add((str(base), embedded))
    return sorted(names)


def image_facts(image):
    grey = image.convert("L")
    values = list(grey.getdata())
    return {"width": image.width, "height": image.height, "mean": sum(values) / len(values)}


def main():
    reader = PdfReader(sys.argv[1])
    pages = []
    for page in reader.pages:
        pages.append({
            "size": [float(page.mediabox.width), float(page.mediabox.height)],
            "text": page.extract_text(),
            "images": [image_facts(img.image) for img in page.images],
            "fonts": [{"name": n, "embedded": e} for n, e in fonts_of(page)],
        })
    json.dump({
        "pages": pages,
        "outline": outline_entries(reader, reader.outline),
        "title": reader.metadata.title if reader.metadata else None,
    }, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
