# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import re
import zipfile
from xml.etree import ElementTree

NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
IDENTITY = {
    "street": "12 rue des Lilas",
    "zip": "75011",
    "city": "Paris",
    "rgpd_representative": "Jane Martin, Managing Director",
    "rgpd_dpo_name": "Paul Durand",
    "rgpd_dpo_email": "dpo@example.com",
    "rgpd_authority": "CNIL",
}


def read_xlsx(content):
    """The cells of the first sheet of an XLSX file: {(row, col): text},
    rows and columns counted from 0, read from the XML it is made of."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = [
                "".join(t.text or "" for t in si.iter(f"{{{NS['x']}}}t"))
                for si in root.findall("x:si", NS)
            ]
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    cells = {}
    for cell in sheet.iter(f"{{{NS['x']}}}c"):
        letters, number = re.match(r"([A-Z]+)(\d+)", cell.get("r")).groups()
        col = 0
        for letter in letters:
            col = col * 26 + ord(letter) - 64
        value = cell.find("x:v", NS)
        text = value.text if value is not None else ""
        if cell.get("t") == "s":
            text = shared[int(text)]
        cells[int(number) - 1, col - 1] = text
    return cells
